/**
 * What to tell the student after kubectl reached no cluster. The status bar's context list is
 * pointed at only when it has something to pick; with no context, how to get one.
 */
export function noClusterHint(contexts: readonly string[], current: string | undefined): string {
  if (contexts.length === 0) {
    return 'kubectl reached no cluster. Start one (minikube start, kind create cluster: each adds its own context), '
      + 'or add a context for a cluster you have: kubectl config set-cluster NAME --server=URL, '
      + 'kubectl config set-context NAME --cluster=NAME, kubectl config use-context NAME.';
  }
  const where = current ? `The context ${current} points at no running cluster. ` : 'No context is current. ';
  const count = `${contexts.length} Kubernetes context${contexts.length === 1 ? '' : 's'}`;
  return `kubectl reached no cluster. ${where}Start its cluster (minikube start, kind create cluster), or pick one of the ${count} from the status bar.`;
}

/** Something Clean Up This Note tried to remove. */
export interface CleanedObject {
  readonly type: string;
  readonly name: string;
}

/** What Clean Up This Note says afterwards: what it removed, and what it could not remove and why. */
export function describeCleanup(removed: readonly CleanedObject[], failed: readonly { readonly object: CleanedObject; readonly reason: string }[]): { readonly level: 'info' | 'warning'; readonly text: string } {
  const list = (objects: readonly CleanedObject[]) => {
    const shown = objects.slice(0, 10).map((o) => `${o.type} ${o.name}`).join(', ');
    return objects.length > 10 ? `${shown} and ${objects.length - 10} more` : shown;
  };
  const did = removed.length > 0 ? `Removed ${list(removed)}.` : 'Removed nothing.';
  if (failed.length === 0) {
    return { level: 'info', text: did };
  }
  const why = failed.map((f) => `${f.object.type} ${f.object.name} (${f.reason})`).join('; ');
  return { level: 'warning', text: `${did} Could not remove ${why}.` };
}
