/**
 * Ready manifests for the editor, from the Kubernetes documentation: they apply unchanged
 * (the files are the docs' YAML with a comment on top). Bundled as text with the editor chunk.
 */
import guestbook from './guestbook.yaml?raw';
import ingressFanout from './ingress-fanout.yaml?raw';
import nginxDeployment from './nginx-deployment.yaml?raw';
import phpApacheHpa from './php-apache-hpa.yaml?raw';
import webStatefulSet from './web-statefulset.yaml?raw';

export interface GalleryItem {
  /** also the file name the editor applies it as: `<id>.yaml` */
  id: string;
  title: string;
  yaml: string;
}

export const GALLERY: readonly GalleryItem[] = [
  { id: 'nginx-deployment', title: 'Deployment: nginx, 3 replicas', yaml: nginxDeployment },
  { id: 'guestbook', title: 'Guestbook: Redis leader/follower + frontend', yaml: guestbook },
  { id: 'web-statefulset', title: 'StatefulSet: web, with volumeClaimTemplates', yaml: webStatefulSet },
  { id: 'ingress-fanout', title: 'Ingress: fan-out to two Services', yaml: ingressFanout },
  { id: 'php-apache-hpa', title: 'HorizontalPodAutoscaler: php-apache', yaml: phpApacheHpa },
];
