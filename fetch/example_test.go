package fetch_test

import (
	"fmt"

	"github.com/corsim/corsim/fetch"
)

func ExampleIsCORSSafelistedRequestHeader() {
	fmt.Println(fetch.IsCORSSafelistedRequestHeader("Content-Type", "text/plain;charset=UTF-8"))
	fmt.Println(fetch.IsCORSSafelistedRequestHeader("Content-Type", "application/json"))
	fmt.Println(fetch.IsCORSSafelistedRequestHeader("Range", "bytes=0-1023"))
	fmt.Println(fetch.IsCORSSafelistedRequestHeader("Range", "bytes=-500")) // a suffix range
	fmt.Println(fetch.IsCORSSafelistedRequestHeader("X-Requested-With", "XMLHttpRequest"))
	// Output:
	// true
	// false
	// true
	// false
	// false
}

func ExampleCORSUnsafeRequestHeaderNames() {
	headers := fetch.HeaderList{
		{Name: "Accept", Value: "*/*"},
		{Name: "X-Requested-With", Value: "XMLHttpRequest"},
		{Name: "Content-Type", Value: "application/json"},
	}
	names := fetch.CORSUnsafeRequestHeaderNames(headers)
	fmt.Println(names)

	// The preflight announces them in Access-Control-Request-Headers.
	value, ok := fetch.AccessControlRequestHeadersValue(headers)
	fmt.Println(value, ok)
	// Output:
	// [content-type x-requested-with]
	// content-type,x-requested-with true
}

func ExampleParseMIMEType() {
	m, ok := fetch.ParseMIMEType(`Text/HTML; Charset="utf-8"; x=(`)
	fmt.Println(ok)
	fmt.Println(m.Essence())
	charset, _ := m.Param("charset")
	fmt.Println(charset)
	fmt.Println(m) // serialized: no spaces, non-token values quoted

	_, ok = fetch.ParseMIMEType("text /plain")
	fmt.Println(ok)
	// Output:
	// true
	// text/html
	// utf-8
	// text/html;charset=utf-8;x="("
	// false
}

func ExampleExtractHeaderListValues() {
	headers := fetch.HeaderList{
		{Name: "Access-Control-Allow-Headers", Value: "X-A, , x-b"},
		{Name: "Access-Control-Allow-Headers", Value: "*"},
		{Name: "Access-Control-Max-Age", Value: "600"},
		{Name: "Access-Control-Max-Age", Value: "600"},
	}
	fmt.Println(fetch.ExtractHeaderListValues(headers, "Access-Control-Allow-Headers"))
	fmt.Println(fetch.ExtractHeaderListValues(headers, "Access-Control-Max-Age"))
	fmt.Println(fetch.ExtractHeaderListValues(headers, "Access-Control-Allow-Methods"))
	// Output:
	// [X-A x-b *] ok
	// [] failure
	// [] null
}

func ExampleParseSingleRangeHeaderValue() {
	start, end, ok := fetch.ParseSingleRangeHeaderValue("bytes=100-", false)
	fmt.Println(start, end, ok)
	start, end, ok = fetch.ParseSingleRangeHeaderValue("bytes = 0 - 99999999999999999999999", true)
	fmt.Println(start, end, ok)
	_, _, ok = fetch.ParseSingleRangeHeaderValue("bytes=200-100", false)
	fmt.Println(ok)
	// Output:
	// 100 null true
	// 0 99999999999999999999999 true
	// false
}

func ExampleGetDecodeSplit() {
	fmt.Printf("%q\n", fetch.GetDecodeSplit(`text/html;charset="a,b", text/plain,`))
	// Output:
	// ["text/html;charset=\"a,b\"" "text/plain" ""]
}
