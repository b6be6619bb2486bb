/**
 * What the inspector shows. Pods and nodes have their own kinds (the canvas draws them most);
 * every other object is `{kind: 'object', resource, id}` with id `namespace/name`.
 */
export type Selection = { kind: 'pod'; id: string } | { kind: 'node'; name: string } | { kind: 'object'; resource: string; id: string } | null;
