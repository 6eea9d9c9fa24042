"""Synthetic but realistic reports for demonstrations, benchmarks and tests (``seed_demo``)."""

from vigilance.intake.demo.generate import DemoReport, demo_plan, demo_reports_create

__all__ = ["DemoReport", "demo_plan", "demo_reports_create"]
