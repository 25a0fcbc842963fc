"""Build the SVG outlines of Honduras's 18 departments shipped in ruta.reporting.

Reads a GeoJSON FeatureCollection of admin-1 polygons (Natural Earth
``ne_10m_admin_1_states_provinces``, see src/ruta/reporting/data/hn_departments.LICENSE.md for
where our copy came from) and writes src/ruta/reporting/data/hn_departments.json::

    {"source": ..., "license": ..., "viewBox": "0 0 W H",
     "departments": {"HN-AT": "M x,y L x,y ... Z", ...}}

Features are matched on their ``iso_3166_2`` property; all 18 codes must be present or the
script exits with an error. The projection is equirectangular with longitudes scaled by
cos(15°), fitted to a width of 800 units with y pointing down. Outlines are simplified with
Douglas-Peucker, one shared border at a time, so that neighbouring departments keep exactly the
same vertices along their common border; coordinates are then rounded to 0.1 unit.

Usage: python scripts/build_department_map.py SOURCE.geojson [-o OUTPUT.json] [--tolerance T]

Standard library only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "src" / "ruta" / "reporting" / "data" / "hn_departments.json"

CODES = (
    "HN-AT", "HN-CH", "HN-CL", "HN-CM", "HN-CP", "HN-CR", "HN-EP", "HN-FM", "HN-GD",
    "HN-IB", "HN-IN", "HN-LE", "HN-LP", "HN-OC", "HN-OL", "HN-SB", "HN-VA", "HN-YO",
)  # fmt: skip

WIDTH = 800.0
MARGIN = 4.0  # units kept free on every side so that outlines are not clipped
REFERENCE_LATITUDE = 15.0  # degrees; Honduras spans about 13°N to 17.4°N
DEFAULT_TOLERANCE = 0.4  # Douglas-Peucker tolerance, in output units

# Shown under the map; the package it came from is in hn_departments.LICENSE.md.
DEFAULT_SOURCE = "Natural Earth 1:10m admin-1 states and provinces (v5.1.x)"
DEFAULT_LICENSE = "Public domain (Natural Earth terms of use). Made with Natural Earth."

Point = tuple[float, float]
Ring = list[Point]


NORTH_LIMIT = 17.0  # degrees north: polygons wholly beyond it are left out


def load_departments(path: Path) -> dict[str, list[list[Ring]]]:
    """Return {ISO code: list of polygons (outer ring, then holes)} in lon/lat."""
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    found: dict[str, list[list[Ring]]] = {}
    for feature in collection.get("features", []):
        code = (feature.get("properties") or {}).get("iso_3166_2")
        if code not in CODES:
            continue
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise SystemExit(f"{code}: unsupported geometry type {geometry.get('type')!r}")
        rings = [
            [[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in polygons
        ]
        # The Swan Islands (Islas del Cisne, 17.4 N), part of Islas de la Bahia, lie 150 km
        # north of the coast: drawn, they would leave the map's top third empty sea.
        rings = [poly for poly in rings if min(lat for _lon, lat in poly[0]) < NORTH_LIMIT]
        found.setdefault(code, []).extend(rings)
    missing = [code for code in CODES if code not in found]
    if missing:
        raise SystemExit(
            f"{path}: no feature with iso_3166_2 {', '.join(missing)} "
            f"(found {len(found)} of {len(CODES)} departments)"
        )
    return found


def open_ring(ring: Ring) -> Ring:
    """Drop the closing point and consecutive duplicates."""
    points: Ring = []
    for point in ring:
        if not points or point != points[-1]:
            points.append(point)
    while len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def perpendicular_distance(point: Point, start: Point, end: Point) -> float:
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return math.hypot(point[0] - start[0], point[1] - start[1])
    return abs(dy * (point[0] - start[0]) - dx * (point[1] - start[1])) / length


def douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """Simplify an open polyline, keeping both ends (iterative, no recursion limit)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_index = 0.0, -1
        for index in range(first + 1, last):
            distance = perpendicular_distance(points[index], points[first], points[last])
            if distance > worst:
                worst, worst_index = distance, index
        if worst > tolerance:
            keep[worst_index] = True
            stack.extend(((first, worst_index), (worst_index, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


class Simplifier:
    """Douglas-Peucker on the arcs between junctions, shared by all rings that use them.

    A vertex is a junction when the set of rings through it differs from the set through one
    of its neighbours: where a border between two departments meets a third one or the coast.
    Every arc between two junctions is simplified once, so both sides of a border agree.
    """

    def __init__(self, rings: list[Ring], tolerance: float) -> None:
        self.tolerance = tolerance
        self.rings_at: dict[Point, set[int]] = {}
        for index, ring in enumerate(rings):
            for point in ring:
                self.rings_at.setdefault(point, set()).add(index)
        self.cache: dict[tuple[Point, ...], Ring] = {}

    def is_junction(self, ring: Ring, index: int) -> bool:
        here = self.rings_at[ring[index]]
        return (
            self.rings_at[ring[index - 1]] != here
            or self.rings_at[ring[(index + 1) % len(ring)]] != here
        )

    def simplify_arc(self, arc: Ring) -> Ring:
        key = tuple(arc)
        backwards = key[::-1]
        if backwards < key:  # one orientation per arc, whichever way a ring walks it
            return self.simplify_arc(list(backwards))[::-1]
        if key not in self.cache:
            self.cache[key] = douglas_peucker(arc, self.tolerance)
        return self.cache[key]

    def simplify_ring(self, ring: Ring) -> Ring:
        junctions = [index for index in range(len(ring)) if self.is_junction(ring, index)]
        if not junctions:  # an island: anchor it at its first point and the farthest one
            far = max(range(len(ring)), key=lambda i: math.dist(ring[0], ring[i]))
            junctions = [0, far] if far else [0]
        start = junctions[0]
        rotated = ring[start:] + ring[:start]
        cuts = [index - start for index in junctions] + [len(ring)]
        rotated.append(rotated[0])
        result: Ring = []
        for begin, end in itertools.pairwise(cuts):
            result.extend(self.simplify_arc(rotated[begin : end + 1])[:-1])
        return result


def project(lon: float, lat: float) -> Point:
    return lon * math.cos(math.radians(REFERENCE_LATITUDE)), -lat


def build(source: Path, tolerance: float, source_label: str, license_label: str) -> dict[str, Any]:
    departments = load_departments(source)

    projected = {
        code: [[open_ring([project(lon, lat) for lon, lat in ring]) for ring in polygon]
               for polygon in polygons]
        for code, polygons in departments.items()
    }  # fmt: skip
    xs = [x for polys in projected.values() for poly in polys for ring in poly for x, _ in ring]
    ys = [y for polys in projected.values() for poly in polys for ring in poly for _, y in ring]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    height = math.ceil((max(ys) - min(ys)) * scale + 2 * MARGIN)
    x0, y0 = min(xs), min(ys)

    def to_units(point: Point) -> Point:
        return (point[0] - x0) * scale + MARGIN, (point[1] - y0) * scale + MARGIN

    # Rings in output units, then quantised to tenths so shared vertices stay identical.
    all_rings: list[Ring] = []
    layout: dict[str, list[list[int]]] = {}
    for code in CODES:
        layout[code] = []
        for polygon in projected[code]:
            indices: list[int] = []
            for ring in polygon:
                tenths = open_ring([
                    (round(x * 10) / 10, round(y * 10) / 10) for x, y in map(to_units, ring)
                ])  # fmt: skip
                if len(tenths) >= 3:
                    indices.append(len(all_rings))
                    all_rings.append(tenths)
            if indices:
                layout[code].append(indices)

    simplifier = Simplifier(all_rings, tolerance)
    paths: dict[str, str] = {}
    for code in CODES:
        parts = []
        for ring_indices in layout[code]:
            for index in ring_indices:
                ring = open_ring(simplifier.simplify_ring(all_rings[index]))
                if len(ring) < 3:
                    ring = all_rings[index]  # too small to simplify: keep it whole
                head, *tail = (f"{fmt(x)},{fmt(y)}" for x, y in ring)
                parts.append(f"M{head}L{' '.join(tail)}Z")
        paths[code] = "".join(parts)

    return {
        "source": source_label,
        "license": license_label,
        "viewBox": f"0 0 {fmt(WIDTH)} {height}",
        "departments": paths,
    }


def fmt(value: float) -> str:
    """At most one decimal and no trailing zero: 12.0 -> '12', 3.4 -> '3.4'."""
    text = f"{round(value, 1):.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", type=Path, help="admin-1 GeoJSON with iso_3166_2 properties")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    parser.add_argument("--source-label", default=DEFAULT_SOURCE)
    parser.add_argument("--license-label", default=DEFAULT_LICENSE)
    args = parser.parse_args(argv)

    result = build(args.source, args.tolerance, args.source_label, args.license_label)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    args.output.write_text(text, encoding="utf-8")
    size = len(text.encode("utf-8"))
    print(f"wrote {args.output} ({size} bytes, {len(result['departments'])} departments)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
