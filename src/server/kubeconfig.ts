/** The kubeconfig that points the real kubectl at the playground's API: one cluster, context and credential-less user. */
export const CONTEXT = 'playground';

export function kubeconfigFor(url: string, namespace?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${CONTEXT}`,
    '  cluster:',
    `    server: ${url}`,
    'contexts:',
    `- name: ${CONTEXT}`,
    '  context:',
    `    cluster: ${CONTEXT}`,
    `    user: ${CONTEXT}`,
    ...(namespace ? [`    namespace: ${namespace}`] : []),
    `current-context: ${CONTEXT}`,
    'preferences: {}',
    'users:',
    `- name: ${CONTEXT}`,
    '  user: {}',
    '',
  ].join('\n');
}
