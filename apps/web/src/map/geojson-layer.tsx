// Any GeoJSON on the map (grids, districts, fences …), restyled when `styleOf` changes.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useLeafletMap } from './map-context.ts';

export interface GeoJsonLayerProps<P> {
  data: FeatureCollection<Geometry, P> | undefined;
  styleOf?: (feature: Feature<Geometry, P>) => L.PathOptions;
  /** A short text shown on hover and focus. */
  tooltipOf?: (feature: Feature<Geometry, P>) => string | undefined;
  onFeatureClick?: (feature: Feature<Geometry, P>) => void;
  /** Clicks on a feature still reach the map (e.g. to place a pin inside a grid). */
  isClickThrough?: boolean;
}

export function GeoJsonLayer<P>({
  data,
  styleOf,
  tooltipOf,
  onFeatureClick,
  isClickThrough = false,
}: GeoJsonLayerProps<P>) {
  const map = useLeafletMap();
  const layer = useRef<L.GeoJSON | null>(null);
  const handlers = useRef({ styleOf, onFeatureClick, tooltipOf });
  handlers.current = { styleOf, onFeatureClick, tooltipOf };

  useEffect(() => {
    if (!data) return;
    const created = L.geoJSON(data, {
      interactive: !isClickThrough || !!onFeatureClick,
      style: (feature) =>
        feature ? (handlers.current.styleOf?.(feature as Feature<Geometry, P>) ?? {}) : {},
      onEachFeature: (feature: Feature<Geometry, P>, featureLayer) => {
        const tip = handlers.current.tooltipOf?.(feature);
        if (tip) featureLayer.bindTooltip(tip, { sticky: true });
        featureLayer.on('click', (event: L.LeafletMouseEvent) => {
          if (!handlers.current.onFeatureClick) return;
          if (!isClickThrough) L.DomEvent.stopPropagation(event);
          handlers.current.onFeatureClick(feature);
        });
      },
    }).addTo(map);
    layer.current = created;
    return () => {
      layer.current = null;
      created.remove();
    };
  }, [map, data, isClickThrough, onFeatureClick]);

  // A new style (density colours, a selected grid) repaints without rebuilding the layer.
  useEffect(() => {
    const current = layer.current;
    if (!current || !styleOf) return;
    current.setStyle((feature) => (feature ? styleOf(feature as Feature<Geometry, P>) : {}));
  }, [styleOf]);

  return null;
}
