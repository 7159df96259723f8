"""The map canvas: a QPainter renderer over gis.mapmodel.MapModel."""
