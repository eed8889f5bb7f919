// The API's view of a stored item: the full guide with its codes and agency.
import type { ServiceItem } from '@citygov/contracts';
import { itemTypeNames } from './item-codes.ts';
import type { StoredItem } from './item-repository.ts';

export function toItemView(item: StoredItem): ServiceItem {
  const { codes, guide, department } = item;
  return {
    code: codes.code,
    basicCode: codes.basicCode,
    typeCode: codes.typeCode,
    typeName: itemTypeNames[codes.typeCode],
    mainCode: codes.mainCode,
    subCode: codes.subCode,
    department: {
      id: department.id,
      code: department.code,
      name: department.name,
      shortName: department.shortName,
    },
    regionCode: codes.regionCode,
    ...guide,
    version: item.version,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}
