// The municipalities' and provinces' geography from a TopoJSON topology (the shipped CBS boundaries, or a
// user's): each feature with its code and name, rings wound for d3-geo, and geographic centroids. Pure: the
// caller reads and parses the topology (boundaries.ts reads the shipped ones). The choropleth maps
// (src/report/map.ts) and the placement distances (placement-input.ts) stand on it.
import { geoArea, geoCentroid } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { feature as topoFeature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** One feature of a TopoJSON object: its code (property `statcode`, else the feature id) and name (`statnaam`). */
export interface MapFeature {
  code: string;
  name: string;
  feature: Feature;
}

function isTopology(value: unknown): value is Topology {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'Topology' &&
    typeof (value as { objects?: unknown }).objects === 'object'
  );
}

/** d3-geo wants exterior rings clockwise; a ring wound the other way (RFC 7946 order) would cover the globe. */
function rewound(polygon: Position[][]): Position[][] {
  return geoArea({ type: 'Polygon', coordinates: polygon }) > 2 * Math.PI
    ? polygon.map((ring) => ring.slice().reverse())
    : polygon;
}

export function mapFeatures(topology: unknown, objectName: string): MapFeature[] {
  if (!isTopology(topology)) throw new Error('map: the topology is not a TopoJSON Topology');
  const object = topology.objects[objectName];
  if (!object || object.type !== 'GeometryCollection') {
    throw new Error(
      `map: the topology has no GeometryCollection "${objectName}" (objects: ${Object.keys(topology.objects).join(', ')})`,
    );
  }
  const collection = topoFeature(topology, object as GeometryCollection) as FeatureCollection;
  return collection.features.map((f) => {
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const code = String(props.statcode ?? f.id ?? '');
    const name = String(props.statnaam ?? code);
    const g = f.geometry;
    if (g?.type === 'Polygon') (g as Polygon).coordinates = rewound(g.coordinates);
    else if (g?.type === 'MultiPolygon') (g as MultiPolygon).coordinates = g.coordinates.map(rewound);
    return { code, name, feature: f };
  });
}

/** Code → name of every feature of the object (`statcode` → `statnaam`, falling back to the feature id). */
export function featureNames(topology: unknown, objectName: string): Map<string, string> {
  return new Map(mapFeatures(topology, objectName).map((f) => [f.code, f.name]));
}

/** Code → geographic (spherical) centroid in degrees and name of every feature of the object, via d3-geo's geoCentroid. */
export function centroids(
  topology: unknown,
  objectName: string,
): Map<string, { lon: number; lat: number; name: string }> {
  return new Map(
    mapFeatures(topology, objectName).map((f) => {
      const [lon, lat] = geoCentroid(f.feature);
      return [f.code, { lon, lat, name: f.name }];
    }),
  );
}
