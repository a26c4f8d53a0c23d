"""The 产业地图 (industry map): the cluster's enterprises by region, drilled down from the
country to a district, and the cockpit panel that opens at the cluster's region."""
