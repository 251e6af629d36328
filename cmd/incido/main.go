// Command incido is Incido's operator-accounts server and its
// administration commands.
package main

import (
	_ "time/tzdata" // timezones work on machines without /usr/share/zoneinfo

	"github.com/incido/incido/app/cli"
)

func main() {
	cli.Main()
}
