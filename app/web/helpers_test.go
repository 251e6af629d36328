package web_test

import (
	"strconv"

	"github.com/incido/incido/app/access"
)

var allScopes = access.Grant{All: true}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
