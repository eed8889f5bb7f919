// Terminal registration (0x0100 → 0x8100) and authentication (0x0102) against the vehicles
// table. Auth codes are random; only their sha256 is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RegisterResult, type TerminalRegister } from '@citygov/jt808';
import { appendAudit, type Actor } from '../../platform/audit/ledger.ts';
import { inTransaction, type Db } from '../../platform/db/database.ts';
import type { VehicleRef } from './vehicle-position.ts';

export const gatewayActor: Actor = { id: null, kind: 'system', name: 'jt808-gateway' };

const CITY_REGION = '500000';

const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

/** A new auth code: 16 URL-safe ASCII characters (96 random bits). */
export const newAuthCode = () => randomBytes(12).toString('base64url');

export interface RegistrationOutcome {
  /** 0x8100 result (RegisterResult). */
  result: number;
  authCode: string | null;
  vehicleId: number | null;
}

/**
 * Registers a terminal: a known terminal phone gets a new auth code; an unknown one gets
 * "no terminal in the database" unless auto-registration creates its vehicle from the plate.
 */
export async function registerTerminal(
  db: Db,
  phone: string,
  register: TerminalRegister,
  options: { isAutoRegistration: boolean },
): Promise<RegistrationOutcome> {
  return inTransaction(db, async (trx) => {
    const known = await trx
      .selectFrom('vehicles')
      .select(['id', 'status', 'region_code', 'plate'])
      .where('terminal_phone', '=', phone)
      .forUpdate()
      .executeTakeFirst();
    const authCode = newAuthCode();
    const terminalFields = {
      auth_code_hash: hashCode(authCode),
      manufacturer_id: register.manufacturerId,
      terminal_model: register.terminalModel,
      terminal_id: register.terminalId,
      registered_at: new Date(),
    };
    if (known !== undefined) {
      if (known.status !== 'active') return refuse(RegisterResult.noTerminal);
      await trx.updateTable('vehicles').set(terminalFields).where('id', '=', known.id).execute();
      await appendAudit(trx, {
        actor: gatewayActor,
        action: 'vehicle.terminal_registered',
        subjectType: 'vehicle',
        subjectId: known.id,
        regionCode: known.region_code,
        data: { terminalPhone: phone, plate: register.plate, terminalId: register.terminalId },
      });
      return { result: RegisterResult.ok, authCode, vehicleId: known.id };
    }
    if (!options.isAutoRegistration) return refuse(RegisterResult.noTerminal);
    const plate = (register.plate ?? register.vin ?? '').trim();
    if (plate === '') return refuse(RegisterResult.noVehicle);
    const taken = await trx
      .selectFrom('vehicles')
      .select('id')
      .where('plate', '=', plate)
      .where('status', '<>', 'retired')
      .executeTakeFirst();
    if (taken !== undefined) return refuse(RegisterResult.vehicleRegistered);
    const regionCode = await regionOfRegister(trx, register);
    const { id } = await trx
      .insertInto('vehicles')
      .values({
        plate,
        plate_color: register.plateColor,
        terminal_phone: phone,
        region_code: regionCode,
        company: null,
        vin: register.vin,
        is_auto_registered: true,
        ...terminalFields,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: gatewayActor,
      action: 'vehicle.auto_registered',
      subjectType: 'vehicle',
      subjectId: id,
      regionCode,
      data: { terminalPhone: phone, plate, terminalId: register.terminalId },
    });
    return { result: RegisterResult.ok, authCode, vehicleId: id };
  });
}

const refuse = (result: number): RegistrationOutcome => ({
  result,
  authCode: null,
  vehicleId: null,
});

/** The district the terminal names (province 50 + city id), when it is a known Chongqing one. */
async function regionOfRegister(db: Db, register: TerminalRegister): Promise<string> {
  if (register.provinceId !== 50) return CITY_REGION;
  const code = `50${String(register.cityId).padStart(4, '0')}`;
  const division = await db
    .selectFrom('divisions')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  return division?.code ?? CITY_REGION;
}

/** The vehicle of an active terminal whose auth code matches, else null. */
export async function authenticateTerminal(
  db: Db,
  phone: string,
  authCode: string,
): Promise<VehicleRef | null> {
  const row = await db
    .selectFrom('vehicles')
    .select(['id', 'plate', 'terminal_phone', 'region_code', 'company', 'status', 'auth_code_hash'])
    .where('terminal_phone', '=', phone)
    .executeTakeFirst();
  if (row === undefined || row.status !== 'active' || row.auth_code_hash === null) return null;
  const expected = Buffer.from(row.auth_code_hash, 'hex');
  const given = Buffer.from(hashCode(authCode), 'hex');
  if (!timingSafeEqual(expected, given)) return null;
  await db
    .updateTable('vehicles')
    .set({ authenticated_at: new Date() })
    .where('id', '=', row.id)
    .execute();
  return {
    id: row.id,
    plate: row.plate,
    terminalPhone: row.terminal_phone,
    regionCode: row.region_code,
    company: row.company,
  };
}
