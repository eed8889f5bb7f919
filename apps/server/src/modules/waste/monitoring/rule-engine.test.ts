// The rules of issue 6 on hand-built position sequences: a construction site, a disposal site
// 6 km east, an approved route between them (100 m either side), trucks driving it or not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VehiclePosition, VehicleRef } from '../../telematics/index.ts';
import type { Episode } from './episode.ts';
import { FenceIndex } from './fence-index.ts';
import { compileSettings, defaultMonitoringSettings } from './monitoring-settings.ts';
import { RuleEngine, type RuleSink } from './rule-engine.ts';
import { VehicleWatch } from './vehicle-watch.ts';
import type {
  FenceEventRecord,
  InstantViolation,
  MonitoredManifest,
  MonitoredTruck,
} from './watch-types.ts';
import type { WasteMonitoringSettings } from '@citygov/contracts';

const square = (lon: number, lat: number, half: number) => [
  [
    [lon - half, lat - half],
    [lon + half, lat - half],
    [lon + half, lat + half],
    [lon - half, lat + half],
    [lon - half, lat - half],
  ],
];

const SITE = { lon: 106.5, lat: 29.5 };
const DISPOSAL = { lon: 106.56, lat: 29.5 };
const OTHER_DISPOSAL = { lon: 106.53, lat: 29.53 };

const fences = new FenceIndex(
  [
    {
      kind: 'construction_site',
      id: 1,
      name: '工地',
      regionCode: '500103',
      rings: square(SITE.lon, SITE.lat, 0.002),
    },
    {
      kind: 'disposal_site',
      id: 7,
      name: '消纳场',
      regionCode: '500103',
      rings: square(DISPOSAL.lon, DISPOSAL.lat, 0.002),
    },
    {
      kind: 'disposal_site',
      id: 8,
      name: '另一消纳场',
      regionCode: '500103',
      rings: square(OTHER_DISPOSAL.lon, OTHER_DISPOSAL.lat, 0.002),
    },
  ],
  [
    {
      id: 3,
      name: '路线',
      constructionSiteId: 1,
      disposalSiteId: 7,
      line: [
        [SITE.lon, SITE.lat],
        [DISPOSAL.lon, DISPOSAL.lat],
      ],
      halfWidthM: 100,
    },
  ],
);

// Noon in Beijing, outside the default night ban (23:00–05:00).
const NOON = Date.parse('2026-03-02T12:00:00+08:00');
const FIX = 0b10;
const FULL = 0b11 << 8;
const COVER = 1 << 17;

interface Sample {
  s: number; // seconds after the start
  lon: number;
  lat: number;
  speed?: number;
  status?: number;
}

function position(vehicleId: number, start: number, sample: Sample): VehiclePosition {
  const recordedAt = new Date(start + sample.s * 1000);
  return {
    vehicleId,
    recordedAt,
    receivedAt: recordedAt,
    lat: sample.lat,
    lon: sample.lon,
    speedKmh: sample.speed ?? 35,
    direction: 90,
    altitudeM: 250,
    alarmBits: 0,
    statusBits: (sample.status ?? 0) | FIX,
    isBlindArea: false,
    source: 'jt808',
    extras: null,
    regionCode: '500103',
  };
}

const manifestOf = (overrides: Partial<MonitoredManifest> = {}): MonitoredManifest => ({
  id: 41,
  manifestNo: '500103-20260302-0001',
  status: 'in_transit',
  approvalId: 5,
  constructionSiteId: 1,
  destinationSiteId: 7,
  allowedDisposalSiteIds: [7],
  routeIds: [3],
  hoursStart: 0,
  hoursEnd: 1440,
  isLoaded: true,
  departedAtMs: NOON,
  ...overrides,
});

const truckOf = (manifest: MonitoredManifest | null, overrides: Partial<MonitoredTruck> = {}) => ({
  truckId: 11,
  plate: '渝A12345',
  companyId: 2,
  companyName: '渝运渣土',
  regionCode: '500103',
  hasCoverSensor: true,
  coverBit: 17,
  manifest,
  ...overrides,
});

class Recorder {
  fenceEvents: FenceEventRecord[] = [];
  opened: Episode[] = [];
  closed: Episode[] = [];
  instants: InstantViolation[] = [];
  fenceEvent(event: FenceEventRecord) {
    this.fenceEvents.push(event);
  }
  opened_(episode: Episode) {
    this.opened.push(episode);
  }
  closed_(episode: Episode) {
    this.closed.push(episode);
  }
  instant(violation: InstantViolation) {
    this.instants.push(violation);
  }
  rules(list: Episode[]) {
    return list.map((e) => e.rule);
  }
}

function harness(settings: Partial<WasteMonitoringSettings> = {}) {
  const recorder = new Recorder();
  const sink: RuleSink = {
    fenceEvent: (e) => recorder.fenceEvent(e),
    opened: (e) => recorder.opened_(e),
    closed: (e) => recorder.closed_(e),
    instant: (v) => recorder.instant(v),
  };
  const compiled = compileSettings({ ...defaultMonitoringSettings, ...settings });
  const engine = new RuleEngine(
    () => fences,
    () => compiled,
    sink,
  );
  const watches = new Map<number, VehicleWatch>();
  const drive = (truck: MonitoredTruck, samples: Sample[], start = NOON, vehicleId = 100) => {
    const vehicle: VehicleRef = {
      id: vehicleId,
      plate: truck.plate,
      terminalPhone: '13900000001',
      regionCode: '500103',
      company: null,
    };
    let watch = watches.get(vehicleId);
    if (!watch) watches.set(vehicleId, (watch = new VehicleWatch(vehicleId)));
    for (const sample of samples)
      engine.evaluate(watch, vehicle, truck, position(vehicleId, start, sample));
    return watch;
  };
  return { recorder, engine, drive, watches };
}

/** Points along the route every `step` seconds at 36 km/h (10 m/s), `offsetM` north of it. */
function along(fromS: number, toS: number, step: number, extra: Partial<Sample> = {}, offsetM = 0) {
  const samples: Sample[] = [];
  const metresPerDegLon = 96_900; // near 29.5°N
  for (let s = fromS; s <= toS; s += step) {
    samples.push({
      s,
      lon: SITE.lon + (s * 10) / metresPerDegLon,
      lat: SITE.lat + offsetM / 110_850,
      speed: 36,
      ...extra,
    });
  }
  return samples;
}

describe('waste monitoring rules', () => {
  it('records entering and leaving construction and disposal sites', () => {
    const { recorder, drive } = harness();
    drive(truckOf(manifestOf()), [
      { s: 0, lon: SITE.lon, lat: SITE.lat, speed: 0 },
      ...along(30, 600, 30),
      { s: 630, lon: DISPOSAL.lon, lat: DISPOSAL.lat, speed: 5 },
      { s: 660, lon: DISPOSAL.lon + 0.01, lat: DISPOSAL.lat, speed: 30 },
    ]);
    assert.deepEqual(
      recorder.fenceEvents.map((e) => `${e.event} ${e.fenceKind} ${e.fenceId}`),
      [
        'enter construction_site 1',
        'exit construction_site 1',
        'enter disposal_site 7',
        'exit disposal_site 7',
      ],
    );
    assert.equal(recorder.opened.length, 0, 'a loaded truck on its route breaks no rule');
  });

  it('flags a loaded truck outside its approved corridor, once, until it is back', () => {
    const { recorder, drive } = harness({ offRouteMinSeconds: 30, endAfterSeconds: 60 });
    drive(truckOf(manifestOf()), [
      ...along(30, 120, 10), // on the route
      ...along(130, 300, 10, {}, 400), // 400 m north: outside the 100 m corridor
      ...along(310, 500, 10), // back on the route
    ]);
    assert.deepEqual(recorder.rules(recorder.opened), ['off_route']);
    const [episode] = recorder.opened;
    assert.equal(episode!.startedMs, NOON + 130_000, 'it starts where it left the corridor');
    assert.equal(episode!.party.manifestId, 41);
    assert.deepEqual(recorder.rules(recorder.closed), ['off_route']);
    assert.equal(episode!.endedMs, NOON + 310_000, 'it ends where it came back');
    const evidence = episode!.evidence();
    assert.equal(evidence.positions[0]!.recordedAt, new Date(NOON + 130_000).toISOString());
    assert.ok(evidence.positionCount >= 15, 'every position outside is counted');
  });

  it('does not flag a short excursion, a truck within the tolerance, or an empty truck', () => {
    const { recorder, drive } = harness({ offRouteMinSeconds: 30, corridorToleranceM: 30 });
    drive(truckOf(manifestOf()), [
      ...along(30, 100, 10),
      ...along(110, 120, 10, {}, 400), // 20 s outside: under the minimum
      ...along(130, 200, 10),
      ...along(210, 400, 10, {}, 120), // 120 m: within 100 m + 30 m tolerance
    ]);
    drive(
      truckOf(manifestOf({ isLoaded: false, status: 'pending' })),
      along(30, 400, 10, {}, 800),
      NOON,
      101,
    );
    assert.equal(recorder.opened.length, 0);
  });

  it('flags a loaded truck stopped longer than the limit outside approved disposal sites', () => {
    const { recorder, drive } = harness({ dumpingStopMinutes: 10 });
    const field = { lon: 106.53, lat: 29.47 }; // in no fence
    const stop = (from: number, to: number) =>
      Array.from({ length: (to - from) / 60 + 1 }, (_, i) => ({
        ...field,
        s: from + i * 60,
        speed: 0,
      }));
    drive(
      truckOf(null),
      [...stop(0, 660), { ...field, s: 700, speed: 30 }].map((x) => ({ ...x, status: FULL })),
    );
    assert.deepEqual(recorder.rules(recorder.opened), ['unapproved_dumping']);
    assert.equal(recorder.opened[0]!.startedMs, NOON, 'from the start of the stop');
    assert.equal(recorder.closed.length, 0, 'still within the end grace');
  });

  it('does not flag stops inside the approved disposal site, short stops, or empty trucks', () => {
    const { recorder, drive } = harness({ dumpingStopMinutes: 10 });
    const stopAt = (place: { lon: number; lat: number }, minutes: number, status = 0) =>
      Array.from({ length: minutes + 1 }, (_, i) => ({ ...place, s: i * 60, speed: 0, status }));
    drive(truckOf(manifestOf()), stopAt(DISPOSAL, 20), NOON, 100);
    drive(truckOf(null), stopAt({ lon: 106.53, lat: 29.47 }, 9, FULL), NOON, 101);
    drive(truckOf(null), stopAt({ lon: 106.53, lat: 29.47 }, 30), NOON, 102);
    drive(truckOf(null), stopAt(SITE, 30, FULL), NOON, 103); // waiting at a construction site
    assert.equal(recorder.opened.length, 0);
  });

  it('flags tipping at a disposal site the manifest does not allow', () => {
    const { recorder, drive } = harness({ dumpingStopMinutes: 10 });
    drive(
      truckOf(manifestOf({ routeIds: [] })),
      Array.from({ length: 12 }, (_, i) => ({ ...OTHER_DISPOSAL, s: i * 60, speed: 0 })),
    );
    assert.deepEqual(recorder.rules(recorder.opened), ['unapproved_dumping']);
  });

  it('flags driving within the night ban and loaded outside the approved hours', () => {
    const { recorder, drive } = harness({ nightBan: { from: '23:00', to: '05:00' } });
    const night = Date.parse('2026-03-02T23:30:00+08:00');
    const evening = Date.parse('2026-03-02T22:30:00+08:00');
    drive(truckOf(null), along(0, 60, 10), night, 100);
    drive(truckOf(null), along(0, 60, 10), evening, 101);
    drive(truckOf(null), along(0, 60, 10, { speed: 0 }), night, 102); // parked
    // Approved 08:00–18:00, loaded at 20:00.
    const eight = Date.parse('2026-03-02T20:00:00+08:00');
    drive(truckOf(manifestOf({ hoursStart: 480, hoursEnd: 1080 })), along(0, 60, 10), eight, 103);
    assert.deepEqual(
      recorder.opened.map((e) => [e.party.vehicleId, e.facts.reason]),
      [
        [100, 'night_ban'],
        [103, 'outside_approved_hours'],
      ],
    );
  });

  it('flags speeding held past the minimum, once per episode, with the peak speed', () => {
    const { recorder, drive } = harness({
      overspeedKmh: 60,
      overspeedMinSeconds: 10,
      endAfterSeconds: 60,
    });
    drive(truckOf(null), [
      ...along(0, 20, 10, { speed: 40 }),
      { s: 30, lon: 106.51, lat: 29.5, speed: 75 }, // a spike: one position
      { s: 40, lon: 106.512, lat: 29.5, speed: 40 },
      ...along(50, 90, 10, { speed: 72 }),
      { s: 100, lon: 106.52, lat: 29.5, speed: 88 },
      { s: 110, lon: 106.52, lat: 29.5, speed: 50 }, // dips under for 20 s ...
      { s: 130, lon: 106.52, lat: 29.5, speed: 70 }, // ... and back: the same violation
      ...along(140, 400, 20, { speed: 40 }),
    ]);
    assert.deepEqual(recorder.rules(recorder.opened), ['overspeed']);
    const [episode] = recorder.opened;
    assert.equal(episode!.startedMs, NOON + 50_000);
    assert.equal(episode!.evidence().facts.peak, 88);
    assert.equal(episode!.evidence().facts.limitKmh, 60);
    assert.equal(recorder.closed.length, 1);
    assert.equal(episode!.endedMs, NOON + 140_000);
  });

  it('flags the sealed cover open while loaded, not while empty or without a sensor', () => {
    const { recorder, drive } = harness({ coverOpenMinSeconds: 20 });
    drive(truckOf(null), along(0, 60, 10, { status: FULL | COVER }), NOON, 100);
    drive(truckOf(manifestOf()), along(0, 60, 10, { status: COVER }), NOON, 101); // loaded by manifest
    drive(truckOf(null), along(0, 60, 10, { status: COVER }), NOON, 102); // empty
    drive(
      truckOf(null, { hasCoverSensor: false }),
      along(0, 60, 10, { status: FULL | COVER }),
      NOON,
      103,
    );
    assert.deepEqual(
      recorder.opened.map((e) => [e.rule, e.party.vehicleId, e.facts.loadedBy]),
      [
        ['cover_open', 100, 'sensor'],
        ['cover_open', 101, 'manifest'],
      ],
    );
  });

  it('flags leaving a site loaded with no open manifest, once per exit', () => {
    const { recorder, drive } = harness();
    const gate = (s: number, inside: boolean) => ({
      s,
      lon: SITE.lon + (inside ? 0.0015 : 0.0025),
      lat: SITE.lat,
      speed: 8,
      status: FULL,
    });
    drive(
      truckOf(null),
      [gate(0, true), gate(10, false), gate(20, true), gate(30, false)],
      NOON,
      100,
    );
    drive(truckOf(manifestOf()), [gate(0, true), gate(10, false)], NOON, 101);
    drive(
      truckOf(null),
      [
        { ...gate(0, true), status: 0 },
        { ...gate(10, false), status: 0 },
      ],
      NOON,
      102,
    );
    assert.deepEqual(
      recorder.instants.map((v) => [v.rule, v.party.vehicleId, v.facts.constructionSiteId]),
      [['no_manifest', 100, 1]],
    );
  });

  it('skips positions older than one already judged, and keeps vehicles apart', () => {
    const { recorder, drive, watches } = harness({ overspeedMinSeconds: 0 });
    drive(truckOf(null), [{ s: 100, lon: 106.52, lat: 29.5, speed: 40 }], NOON, 100);
    drive(truckOf(null), [{ s: 50, lon: 106.52, lat: 29.5, speed: 90 }], NOON, 100); // late re-send
    drive(truckOf(null), [{ s: 50, lon: 106.52, lat: 29.5, speed: 90 }], NOON, 101);
    assert.equal(watches.get(100)!.outOfOrder, 1);
    assert.deepEqual(
      recorder.opened.map((e) => e.party.vehicleId),
      [101],
    );
  });

  it('ends the violations of a vehicle that went silent', () => {
    const { recorder, drive, engine } = harness({ overspeedMinSeconds: 0 });
    const watch = drive(truckOf(null), along(0, 30, 10, { speed: 90 }));
    engine.endSilent(watch);
    assert.equal(recorder.closed.length, 1);
    assert.equal(recorder.closed[0]!.endedMs, NOON + 30_000);
    assert.equal(recorder.closed[0]!.facts.endedBy, 'silence');
  });
});
