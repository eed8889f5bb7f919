// The organisation: divisions (public reference data) and departments.
import { grantPermissions } from '../auth/permissions.ts';

// Department names are public knowledge; citizens see them on their applications.
grantPermissions({ citizen: ['org:read'], enterprise: ['org:read'] });

export { registerOrgRoutes } from './org-routes.ts';
export { loadDepartments, loadDivisions, unitOf } from './org-loader.ts';
export {
  CITY_CODE,
  centralDistrictCodes,
  divisionPoints,
  loadChongqingDivisions,
  shortDistrictName,
} from './china-divisions.ts';
export { cityDepartmentCode, districtDepartmentCode } from './department-catalogue.ts';
export { getDivision, listDepartments, listDivisions } from './org-service.ts';
