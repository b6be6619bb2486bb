/** The gallery's file names (kept apart from index.ts, whose `?raw` imports need Vite). */
export const GALLERY_IDS = ['nginx-deployment', 'guestbook', 'web-statefulset', 'ingress-fanout', 'php-apache-hpa'] as const;
export const GALLERY_FILES = GALLERY_IDS.map((id) => `${id}.yaml`);
