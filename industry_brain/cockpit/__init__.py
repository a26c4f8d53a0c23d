"""The cockpit (驾驶舱): a grid of panels registered through the ``ib_cockpit_panels`` hook."""
