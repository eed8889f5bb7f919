// Builds the fence index from the registry: the fences of active construction and disposal
// sites (the waste module's public face) and the corridors of active routes.
import type { Db } from '../../../platform/db/database.ts';
import { listWasteFences } from '../index.ts';
import { FenceIndex } from './fence-index.ts';
import { readActiveRoutes } from './waste-reads.ts';

export async function loadFenceIndex(db: Db, revision: string): Promise<FenceIndex> {
  const [fences, routes] = await Promise.all([listWasteFences(db), readActiveRoutes(db)]);
  return new FenceIndex(
    fences.map((f) => ({
      kind: f.kind,
      id: f.id,
      name: f.name,
      regionCode: f.regionCode,
      rings: f.fence.coordinates,
    })),
    routes.map((r) => ({
      id: r.id,
      name: r.name,
      constructionSiteId: r.constructionSiteId,
      disposalSiteId: r.disposalSiteId,
      line: r.path.coordinates,
      // corridor_m is the distance allowed either side of the path (waste_routes).
      halfWidthM: r.corridorM,
    })),
    revision,
  );
}
