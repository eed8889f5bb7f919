// Region scopes (GB/T 2260 codes extended by street and community): the rule is shared with
// the web app, in the contracts package.
export { isWithinRegion, regionPrefix } from '@citygov/contracts';

/** The district-level (6-digit) code of any division code. */
export const districtOf = (code: string) => code.slice(0, 6);
