/**
 * What every part of the simulated cluster is to the cluster's run loop: something that may
 * have pending work, may be stopped with the process it lives in, and can save and restore
 * whatever state it keeps outside the store.
 */
export interface Component {
  readonly name: string;
  /**
   * The process this component runs in (`kube-scheduler`, `kube-controller-manager`, or
   * `kubelet` for per-node agents, which check their own machines). Stopped → no work.
   */
  readonly process: string;
  /** Process pending work; return true if anything was done. */
  process_(): boolean;
  /**
   * A fresh cluster is being created (not restored): create the objects this component's
   * installation brings (a default StorageClass, the kube-proxy DaemonSet, CoreDNS...).
   * Called after the namespaces exist and before machines join.
   */
  bootstrap?(): void;
  /** The process (re)started: re-list and resync everything, as a fresh informer would. */
  resync?(): void;
  snapshot?(): unknown;
  restore?(state: unknown): void;
}
