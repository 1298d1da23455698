"""The demo data set (`python -m bot seed-demo`), and the demo parents whose EDS keys
`python -m bot demo-keys` makes."""

from services.demo.builder import DemoFiles, build_demo, seed_demo
from services.demo.people import DEMO_PARENTS, DemoParent, write_demo_keys

__all__ = [
    "DEMO_PARENTS",
    "DemoFiles",
    "DemoParent",
    "build_demo",
    "seed_demo",
    "write_demo_keys",
]
