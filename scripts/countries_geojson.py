"""How countries.geojson was made (run once, by hand): world-atlas 2.0.2's countries-50m.json (npm, ISC; the data
is Natural Earth's, public domain), TopoJSON decoded to GeoJSON, Europe and its neighbours only, 3 decimals.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/countries_geojson.py package/countries-50m.json > static/vendor/world-atlas-2.0.2/europe-50m.geojson
"""

import json
import sys

BOX = (-25.0, 34.0, 45.0, 72.0)  # west, south, east, north: Europe


def main(path: str) -> None:
    topology = json.load(open(path))
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * scale[0] + translate[0], 3), round(y * scale[1] + translate[1], 3)])
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        kept = []
        for polygon in polygons:
            rings = [ring(r) for r in polygon]
            xs = [p[0] for p in rings[0]]
            ys = [p[1] for p in rings[0]]
            if max(xs) >= BOX[0] and min(xs) <= BOX[2] and max(ys) >= BOX[1] and min(ys) <= BOX[3]:
                kept.append(rings)
        if kept:
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": geometry.get("properties", {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": kept},
                }
            )
    json.dump({"type": "FeatureCollection", "features": features}, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
