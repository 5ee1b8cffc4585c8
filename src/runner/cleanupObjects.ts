import type { DockerEngine } from './dockerEngine';

/** Something a note's commands created on the engine. */
export interface CreatedObject {
  readonly type: 'container' | 'service' | 'network' | 'volume';
  readonly id: string;
  readonly name: string;
  /** The engine it was made on, when not the default one (a terminal bound to a node). */
  readonly host?: string;
}

/** Removes what a note created, services first (their tasks go with them), then containers, networks, volumes. */
export async function removeObjects(engine: DockerEngine, objects: readonly CreatedObject[]): Promise<{ removed: CreatedObject[]; failed: { object: CreatedObject; reason: string }[] }> {
  const order: CreatedObject['type'][] = ['service', 'container', 'network', 'volume'];
  const removed: CreatedObject[] = [];
  const failed: { object: CreatedObject; reason: string }[] = [];
  for (const type of order) {
    for (const object of objects.filter((o) => o.type === type)) {
      try {
        switch (type) {
          case 'service':
            await engine.api.getService(object.id).remove();
            break;
          case 'container':
            await engine.api.getContainer(object.id).remove({ force: true, v: true });
            break;
          case 'network':
            await engine.api.getNetwork(object.id).remove();
            break;
          case 'volume':
            await engine.api.getVolume(object.name).remove();
            break;
        }
        removed.push(object);
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404) {
          removed.push(object); // already gone
        } else {
          failed.push({ object, reason: (error as { json?: { message?: string } }).json?.message ?? (error instanceof Error ? error.message : String(error)) });
        }
      }
    }
  }
  return { removed, failed };
}

