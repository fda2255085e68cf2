package conformance

// A vectorSet is one external set of test vectors that corsim's tests run.
// The vectors are never copied into the repository: tests read them from
// the folder named by an environment variable (CI points $CORSIM_WPT_DIR at
// ../shared/wpt), which may also be a web-platform-tests checkout.
type vectorSet struct {
	// Name says what the vectors are.
	Name string
	// Env is the environment variable naming the folder that holds File.
	Env string
	// File is the file's name in that folder.
	File string
	// WPTPath is the file's path in a web-platform-tests checkout, or ""
	// when it is derived from another file and exists only in the folder.
	WPTPath string
	// Count is how many test objects the file holds (comment strings
	// between them not counted).
	Count int
	// Comments is how many comment strings the file holds.
	Comments int
	// Consumer names the test that runs the vectors, as package.Test, and
	// ConsumerFile the file it is in, relative to the module root.
	Consumer     string
	ConsumerFile string
}

// vectorSets lists every external vector set the tests run, with the counts
// of the versions in ../shared/wpt (web-platform-tests, 2026). TestVectorSets
// checks the counts against the files when $CORSIM_WPT_DIR is set, and that
// each consumer test exists and names its file.
var vectorSets = []vectorSet{
	{
		Name: "URL parser cases: href, components and origin of each input, or failure",
		Env:  "CORSIM_WPT_DIR", File: "urltestdata.json", WPTPath: "url/resources/urltestdata.json",
		Count: 891, Comments: 113,
		Consumer: "origin.TestWPTURLTestData", ConsumerFile: "origin/wpt_test.go",
	},
	{
		Name: "URL parser case with lone surrogates (JavaScript only)",
		Env:  "CORSIM_WPT_DIR", File: "urltestdata-javascript-only.json", WPTPath: "url/resources/urltestdata-javascript-only.json",
		Count: 1, Comments: 1,
		Consumer: "origin.TestWPTURLTestData", ConsumerFile: "origin/wpt_test.go",
	},
	{
		Name: "URL origins: {input, base, origin} or {input, base, failure}, derived from urltestdata.json",
		Env:  "CORSIM_WPT_DIR", File: "origin-cases.json",
		Count:    678,
		Consumer: "origin.TestWPTOriginCases", ConsumerFile: "origin/wpt_test.go",
	},
	{
		Name: "URL origin with lone surrogates, derived from urltestdata-javascript-only.json",
		Env:  "CORSIM_WPT_DIR", File: "origin-cases-javascript-only.json",
		Count:    1,
		Consumer: "origin.TestWPTOriginCases", ConsumerFile: "origin/wpt_test.go",
	},
	{
		Name: "MIME types: parse a MIME type, then serialize (null for failure)",
		Env:  "CORSIM_WPT_DIR", File: "mime-types.json", WPTPath: "mimesniff/mime-types/resources/mime-types.json",
		Count: 74, Comments: 19,
		Consumer: "fetch.TestParseMIMETypeWPT", ConsumerFile: "fetch/mime_test.go",
	},
	{
		Name: "MIME types generated over the code points 0x00-0xFF in each position",
		Env:  "CORSIM_WPT_DIR", File: "generated-mime-types.json", WPTPath: "mimesniff/mime-types/resources/generated-mime-types.json",
		Count:    881,
		Consumer: "fetch.TestParseMIMETypeWPT", ConsumerFile: "fetch/mime_test.go",
	},
}
