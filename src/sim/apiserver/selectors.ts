/** Label selectors of list and watch requests, with the API server's 400 for a bad one. */
import { badRequest } from '../api/errors';
import { parseSelector, SelectorParseError } from '../api/labels';

export function compileLabels(selector: string | undefined) {
  if (!selector) return null;
  try {
    return parseSelector(selector);
  } catch (e) {
    if (e instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${e.message}`);
    throw e;
  }
}
