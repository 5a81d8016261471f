"""Downloads of a view for the planner's desk: one GeoPackage for QGIS, one workbook for Excel.

``tables`` decides what a view's tables hold, ``styles`` how QGIS draws them (QML as the map
does), ``gpkg`` and ``xlsx`` write them. Every text cell goes through ``geo.cells.safe_cell``.
"""

from geo.downloads.gpkg import view_gpkg
from geo.downloads.tables import ViewTables, view_tables
from geo.downloads.xlsx import view_xlsx

__all__ = ["ViewTables", "view_gpkg", "view_tables", "view_xlsx"]
