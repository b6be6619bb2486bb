/**
 * Per-kind defaulting (`pkg/apis/<group>/v1/defaults.go`), keyed by resource. Copy-on-write: a
 * defaulter returns its input unchanged when every default is already set, so objects made
 * from a template keep sharing the template's parts.
 */
import type { KObject } from '../types';

export type Defaulter = (obj: KObject) => KObject;

export const defaulters: Record<string, Defaulter> = {};
