"""The SQL files of gongkai (base views, indicators, checks, app queries), shipped as package data of
`gongkai.queries` so that `gongkai.config` finds them the same way in a checkout and in a wheel."""
