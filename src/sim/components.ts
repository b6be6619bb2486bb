/**
 * Every component of the simulated cluster, in the order the run loop serves them. The order is
 * part of determinism: change it and histories change.
 */
import type { Component } from './component';
import type { ClusterContext } from './context';
import { DeploymentController } from './controllers/deployment/controller';
import { GarbageCollector } from './controllers/garbagecollector';
import { NodeLifecycleController } from './controllers/nodelifecycle';
import { PodGCController } from './controllers/podgc';
import { ReplicaSetController } from './controllers/replicaset';
import { TaintEvictionController } from './controllers/tainteviction';
import { EventTTL } from './store/eventttl';
import { Kubelets } from './kubelet/kubelets';
import { Scheduler } from './scheduler/scheduler';

export function createComponents(ctx: ClusterContext): Component[] {
  return [
    new Kubelets(ctx),
    new NodeLifecycleController(ctx),
    new TaintEvictionController(ctx),
    new DeploymentController(ctx),
    new ReplicaSetController(ctx),
    new GarbageCollector(ctx),
    new PodGCController(ctx),
    new Scheduler(ctx),
    new EventTTL(ctx),
  ];
}
