// Moves the map to the district chosen in the filter (the whole city: back to the centre).
import { useEffect } from 'react';
import { useLeafletMap, CITY_CENTRE } from '../../map/map-context.ts';
import { CITY_CODE, useDistricts } from '../../org/org-queries.ts';

const CITY_ZOOM = 11;
const DISTRICT_ZOOM = 13;

export function FlyToRegion({ regionCode }: { regionCode: string }) {
  const map = useLeafletMap();
  const districts = useDistricts();
  const district = districts.data?.items.find((d) => d.code === regionCode);
  useEffect(() => {
    if (regionCode === CITY_CODE) {
      map.flyTo([CITY_CENTRE.lat, CITY_CENTRE.lon], CITY_ZOOM, { duration: 0.8 });
    } else if (district?.lat != null && district.lon != null) {
      map.flyTo([district.lat, district.lon], DISTRICT_ZOOM, { duration: 0.8 });
    }
  }, [map, regionCode, district?.lat, district?.lon]);
  return null;
}
