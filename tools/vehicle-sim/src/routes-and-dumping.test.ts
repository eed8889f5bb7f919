// Trucks on approved routes (sites and routes as read from a server) and the roadside tipping
// violation: a long stop loaded outside any site, the load gone half way through it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readStatusFlags } from '@citygov/jt808';
import { distanceM, offsetBy, type LatLon, type Site } from './places.ts';
import { createRandom } from './random.ts';
import { createRouteBook, TruckMotion } from './truck-motion.ts';

const site: Site = {
  id: 'C1',
  kind: 'construction',
  districtCode: '500103',
  lat: 29.55,
  lon: 106.55,
};
const landfill: Site = {
  id: 'D1',
  kind: 'disposal',
  districtCode: '500103',
  lat: 29.5,
  lon: 106.62,
};
// An L-shaped road: east, then south.
const corner = { lat: 29.55, lon: 106.62 };
const road: LatLon[] = [site, corner, landfill];
const routes = createRouteBook([{ fromId: 'C1', toId: 'D1', path: road }]);

/** Metres from a point to the road. */
function offRoadM(p: LatLon): number {
  let best = Infinity;
  for (let i = 0; i + 1 < road.length; i++) {
    const a = road[i]!;
    const b = road[i + 1]!;
    for (let t = 0; t <= 1; t += 0.002) {
      const q = { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t };
      best = Math.min(best, distanceM(p, q));
    }
  }
  return best;
}

const none = { overspeedRate: 0, coverOpenRate: 0, offRouteRate: 0 };

describe('trucks on approved routes', () => {
  it('follow the route both ways and only leave it on an off-route trip', () => {
    const clean = new TruckMotion(createRandom(5), [site, landfill], none, routes);
    let farthest = 0;
    for (let step = 0; step < 3000; step++) farthest = Math.max(farthest, offRoadM(clean.step(10)));
    assert.ok(farthest < 30, `a clean truck stays on the road (${farthest.toFixed(1)} m)`);
    const detouring = new TruckMotion(
      createRandom(5),
      [site, landfill],
      { ...none, offRouteRate: 1 },
      routes,
    );
    farthest = 0;
    for (let step = 0; step < 3000; step++) {
      farthest = Math.max(farthest, offRoadM(detouring.step(10)));
    }
    assert.ok(farthest > 1000, `a detour leaves the road (${farthest.toFixed(0)} m)`);
  });

  it('picks destinations the routes join when routes are known', () => {
    const stray: Site = { ...landfill, id: 'D2', lat: 29.6, lon: 106.5 };
    const motion = new TruckMotion(createRandom(9), [site, landfill, stray], none, routes);
    const destinations = new Set<string>();
    for (let step = 0; step < 5000; step++) {
      motion.step(10);
      destinations.add(motion.trip.to.id);
    }
    assert.deepEqual([...destinations].sort(), ['C1', 'D1']);
  });
});

describe('roadside tipping', () => {
  it('stops loaded outside any site, empties half way through the stop, drives on empty', () => {
    const motion = new TruckMotion(
      createRandom(3),
      [site, landfill],
      { ...none, dumpingRate: 1, dumpMinutes: 12 },
      routes,
    );
    let stopStart = -1;
    let longest = { seconds: 0, loadedSeconds: 0, emptiedWhileStopped: false, at: site as LatLon };
    let loadedSeconds = 0;
    let wasLoaded = false;
    let emptied = false;
    let at: LatLon = site;
    for (let step = 0; step < 2000; step++) {
      const state = motion.step(10);
      const isLoaded = readStatusFlags(state.statusBits).load === 'full';
      const atSite = distanceM(state, site) < 300 || distanceM(state, landfill) < 300;
      if (state.speedKmh === 0 && !atSite) {
        if (stopStart < 0) {
          stopStart = step;
          loadedSeconds = 0;
          emptied = false;
          at = state;
        }
        if (isLoaded) loadedSeconds += 10;
        if (wasLoaded && !isLoaded) emptied = true;
        const seconds = (step - stopStart + 1) * 10;
        if (seconds > longest.seconds) {
          longest = { seconds, loadedSeconds, emptiedWhileStopped: emptied, at };
        }
      } else {
        stopStart = -1;
      }
      wasLoaded = isLoaded;
    }
    assert.ok(longest.seconds >= 11 * 60, `a long stop (${longest.seconds} s)`);
    assert.ok(longest.loadedSeconds >= 5 * 60, 'loaded for the first half');
    assert.ok(longest.emptiedWhileStopped, 'the load sensor went empty during the stop');
    assert.ok(offRoadM(longest.at) < 30, 'by the roadside');
  });

  it('never tips when the rate is 0, and keeps generated fleets seed for seed', () => {
    const a = new TruckMotion(createRandom(11), [site, landfill], none);
    const b = new TruckMotion(createRandom(11), [site, landfill], { ...none, dumpingRate: 0 });
    for (let step = 0; step < 500; step++) {
      assert.deepEqual(a.step(10), b.step(10));
    }
    assert.equal(a.trip.dumpAtM, null);
    // offsetBy is what detours use: a sanity check of the helper's direction.
    assert.ok(offsetBy(site, 0, 1000).lat > site.lat);
  });
});
