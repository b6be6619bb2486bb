/**
 * Every component of the simulated cluster, in the order the run loop serves them. The order is
 * part of determinism: change it and histories change.
 */
import type { Component } from './component';
import type { ClusterContext } from './context';
import { CronJobController } from './controllers/cronjob';
import { DaemonSetController } from './controllers/daemonset';
import { DeploymentController } from './controllers/deployment/controller';
import { DisruptionController } from './controllers/disruption';
import { GarbageCollector } from './controllers/garbagecollector';
import { HorizontalPodAutoscalerController } from './controllers/hpa';
import { JobController } from './controllers/job';
import { NodeLifecycleController } from './controllers/nodelifecycle';
import { PodGCController } from './controllers/podgc';
import { ReplicaSetController } from './controllers/replicaset';
import { StatefulSetController } from './controllers/statefulset/controller';
import { TaintEvictionController } from './controllers/tainteviction';
import { Kubelets } from './kubelet/kubelets';
import { MetricsServer } from './metrics/metricsserver';
import { EndpointsController } from './network/endpoints';
import { EndpointSliceController } from './network/endpointslices';
import { IngressController } from './network/ingresscontroller';
import { KubeProxies } from './network/kubeproxy';
import { Traffic } from './network/traffic';
import { Scheduler } from './scheduler/scheduler';
import { AttachDetachController } from './storage/attachdetach';
import { VolumeProtectionController } from './storage/protection';
import { PersistentVolumeController } from './storage/pvcontroller';
import { EventTTL } from './store/eventttl';

export function createComponents(ctx: ClusterContext): Component[] {
  return [
    new Kubelets(ctx),
    new NodeLifecycleController(ctx),
    new TaintEvictionController(ctx),
    new DeploymentController(ctx),
    new ReplicaSetController(ctx),
    new StatefulSetController(ctx),
    new DaemonSetController(ctx),
    new JobController(ctx),
    new CronJobController(ctx),
    new DisruptionController(ctx),
    new HorizontalPodAutoscalerController(ctx),
    new GarbageCollector(ctx),
    new PodGCController(ctx),
    new PersistentVolumeController(ctx),
    new AttachDetachController(ctx),
    new VolumeProtectionController(ctx),
    new EndpointSliceController(ctx),
    new EndpointsController(ctx),
    new Scheduler(ctx),
    new KubeProxies(ctx),
    new IngressController(ctx),
    new Traffic(ctx),
    new MetricsServer(ctx),
    new EventTTL(ctx),
  ];
}
