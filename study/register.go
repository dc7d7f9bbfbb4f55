package study

// The experiments a spec can name are registered by these packages' init
// functions: importing study makes every kind available to specs, the
// runner, the report and the CLI.
import (
	_ "github.com/emergo/emergo/adapt/suite"
	_ "github.com/emergo/emergo/apps/climate"
	_ "github.com/emergo/emergo/apps/finance"
	_ "github.com/emergo/emergo/apps/market"
	_ "github.com/emergo/emergo/apps/quake"
	_ "github.com/emergo/emergo/apps/traffic"
	_ "github.com/emergo/emergo/foundation"
)
