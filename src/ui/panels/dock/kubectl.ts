/** The one kubectl session of the page, over the worker wire; `kubectl edit` opens the dock's editor. */
import { listen, send } from '../../actions';
import { KubectlSession } from './session';
import { closeEdit, openEdit } from './store';

export const kubectlSession = new KubectlSession({ send, listen }, { open: openEdit, close: closeEdit });
