// The simulator's injected violations are what the rules detect: simulated trucks drive an
// approved route between two fenced sites, and each injected kind (off route, roadside tipping,
// speeding, cover open, night driving) shows up as its violation, and a clean fleet shows none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRandom,
  createRouteBook,
  TruckMotion,
  type Site,
  type ViolationRates,
} from '@citygov/vehicle-sim';
import type { VehiclePosition, VehicleRef } from '../../telematics/index.ts';
import { FenceIndex } from './fence-index.ts';
import { compileSettings, defaultMonitoringSettings } from './monitoring-settings.ts';
import { RuleEngine } from './rule-engine.ts';
import { VehicleWatch } from './vehicle-watch.ts';
import type { MonitoredManifest, MonitoredTruck } from './watch-types.ts';

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
const road = [site, { lat: 29.55, lon: 106.62 }, landfill];
const square = (c: { lat: number; lon: number }) => [
  [
    [c.lon - 0.002, c.lat - 0.002],
    [c.lon + 0.002, c.lat - 0.002],
    [c.lon + 0.002, c.lat + 0.002],
    [c.lon - 0.002, c.lat + 0.002],
    [c.lon - 0.002, c.lat - 0.002],
  ],
];
const fences = new FenceIndex(
  [
    { kind: 'construction_site', id: 1, name: '工地', regionCode: '500103', rings: square(site) },
    { kind: 'disposal_site', id: 1, name: '消纳场', regionCode: '500103', rings: square(landfill) },
  ],
  [
    {
      id: 1,
      name: '路线',
      constructionSiteId: 1,
      disposalSiteId: 1,
      line: road.map((p) => [p.lon, p.lat]),
      halfWidthM: 100,
    },
  ],
);

const manifest: MonitoredManifest = {
  id: 1,
  manifestNo: 'M1',
  status: 'in_transit',
  approvalId: 1,
  constructionSiteId: 1,
  destinationSiteId: 1,
  allowedDisposalSiteIds: [1],
  routeIds: [1],
  hoursStart: 0,
  hoursEnd: 1440,
  isLoaded: true,
  departedAtMs: 0,
};

/** Drives `trucks` simulated trucks for `steps` positions 10 s apart; the rules it broke. */
function rulesBroken(
  rates: Partial<ViolationRates>,
  options: { start?: string; withManifest?: boolean; trucks?: number; steps?: number } = {},
) {
  const seen = new Map<string, number>();
  const settings = compileSettings(defaultMonitoringSettings);
  const engine = new RuleEngine(
    () => fences,
    () => settings,
    {
      fenceEvent: () => {},
      opened: (e) => seen.set(e.rule, (seen.get(e.rule) ?? 0) + 1),
      closed: () => {},
      instant: (v) => seen.set(v.rule, (seen.get(v.rule) ?? 0) + 1),
    },
  );
  const start = Date.parse(options.start ?? '2026-03-02T10:00:00+08:00');
  const book = createRouteBook([{ fromId: 'C1', toId: 'D1', path: road }]);
  for (let t = 0; t < (options.trucks ?? 6); t++) {
    const motion = new TruckMotion(
      createRandom(40 + t),
      [site, landfill],
      { overspeedRate: 0, coverOpenRate: 0, offRouteRate: 0, ...rates },
      book,
    );
    const vehicle: VehicleRef = {
      id: t + 1,
      plate: `渝A0000${t}`,
      terminalPhone: String(t),
      regionCode: '500103',
      company: null,
    };
    const watch = new VehicleWatch(vehicle.id);
    for (let step = 0; step < (options.steps ?? 1500); step++) {
      const state = motion.step(10);
      // The sim's trucks run under a manifest on loaded trips when asked (the off-route rule
      // needs the approved corridor a manifest names).
      const truck: MonitoredTruck = {
        truckId: vehicle.id,
        plate: vehicle.plate,
        companyId: 1,
        companyName: null,
        regionCode: '500103',
        hasCoverSensor: true,
        coverBit: 17,
        manifest: options.withManifest && motion.trip.isLoaded ? manifest : null,
      };
      const recordedAt = new Date(start + step * 10_000);
      const position: VehiclePosition = {
        vehicleId: vehicle.id,
        recordedAt,
        receivedAt: recordedAt,
        lat: state.lat,
        lon: state.lon,
        speedKmh: state.speedKmh,
        direction: state.direction,
        altitudeM: 250,
        alarmBits: state.alarmBits,
        statusBits: state.statusBits,
        isBlindArea: false,
        source: 'jt808',
        extras: null,
        regionCode: '500103',
      };
      engine.evaluate(watch, vehicle, truck, position);
    }
  }
  return seen;
}

describe('simulated violations meet the rules', () => {
  it('a clean fleet under manifests breaks no rule', () => {
    assert.deepEqual([...rulesBroken({}, { withManifest: true }).keys()], []);
  });

  it('each injected violation is detected as its rule', () => {
    assert.ok(rulesBroken({ offRouteRate: 1 }, { withManifest: true }).has('off_route'));
    assert.ok(rulesBroken({ dumpingRate: 1, dumpMinutes: 14 }).has('unapproved_dumping'));
    assert.ok(rulesBroken({ overspeedRate: 1 }).has('overspeed'));
    assert.ok(rulesBroken({ coverOpenRate: 1 }).has('cover_open'));
    assert.ok(
      rulesBroken({}, { withManifest: true, start: '2026-03-02T23:10:00+08:00' }).has('night_ban'),
    );
  });

  it('trucks leaving a site loaded with no manifest are flagged, with a manifest they are not', () => {
    assert.ok(rulesBroken({}).has('no_manifest'));
    assert.equal(rulesBroken({}, { withManifest: true }).has('no_manifest'), false);
  });
});
