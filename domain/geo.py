"""Where kindergartens stand: Kazakhstan's bounds for the import's coordinates, and the distance
a parent's shared location is from each (great-circle, in km)."""

from __future__ import annotations

import math

# The country's extreme points, rounded outward: 40.57–55.44 N, 46.49–87.36 E.
LATITUDES = (40.5, 55.5)
LONGITUDES = (46.4, 87.4)
EARTH_RADIUS_KM = 6371.0

Point = tuple[float, float]  # latitude, longitude


def inside_kazakhstan(point: Point) -> bool:
    latitude, longitude = point
    return LATITUDES[0] <= latitude <= LATITUDES[1] and LONGITUDES[0] <= longitude <= LONGITUDES[1]


def distance_km(a: Point, b: Point) -> float:
    """The haversine distance: exact enough within a city, and fine across the country."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
