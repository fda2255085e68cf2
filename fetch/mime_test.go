package fetch

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseMIMEType(t *testing.T) {
	tests := []struct {
		desc   string
		in     string
		want   string // serialization; "" for failure
		wantOK bool
	}{
		{"simple", "text/html", "text/html", true},
		{"lowercases type and subtype", "TEXT/HTML;CHARSET=GBK", "text/html;charset=GBK", true},
		{"strips HTTP whitespace", " \t\r\ntext/plain\n\r\t ", "text/plain", true},
		{"form feed is not stripped", "\ftext/plain", "", false},
		{"no slash", "text", "", false},
		{"empty type", "/plain", "", false},
		{"empty subtype", "text/", "", false},
		{"space in type", "text /plain", "", false},
		{"space in subtype", "text/ plain", "", false},
		{"trailing whitespace before ;", "text/plain \t;a=b", "text/plain;a=b", true},
		{"parameter garbage is dropped", "text/plain;garbage", "text/plain", true},
		{"comma makes the subtype invalid", "text/plain,text/plain", "", false},
		{"comma in a parameter value is kept", "text/plain;a=b,c", `text/plain;a="b,c"`, true},
		{"first duplicate wins", "a/b;x=1;X=2", "a/b;x=1", true},
		{"name with space is dropped", "a/b;x y=1", "a/b", true},
		{"space before = is part of the name", "a/b;x =1", "a/b", true},
		{"empty value is dropped", "a/b;x=", "a/b", true},
		{"value of spaces is dropped", "a/b;x=  ;y=1", "a/b;y=1", true},
		{"quoted value", `a/b;x="1 2"`, `a/b;x="1 2"`, true},
		{"quoted empty value is kept", `a/b;x=""`, `a/b;x=""`, true},
		{"escapes resolved and re-added", `a/b;x="\"\\"`, `a/b;x="\"\\"`, true},
		{"escape of a token byte disappears", `a/b;x="\a"`, "a/b;x=a", true},
		{"text after the quote is ignored", `a/b;x="1"garbage;y=2`, "a/b;x=1;y=2", true},
		{"unterminated quote", `a/b;x="abc`, "a/b;x=abc", true},
		{"trailing backslash", `a/b;x="abc\`, `a/b;x="abc\\"`, true},
		{"non-ASCII value is quoted", "a/b;x=\xE9", "a/b;x=\"\xE9\"", true},
		{"control byte drops the parameter", "a/b;x=\x01", "a/b", true},
		{"non-ASCII type fails", "\xE9/b", "", false},
		{"semicolons only", "a/b;;;", "a/b", true},
		{"name without =", "a/b;x;y=1", "a/b;y=1", true},
		{"wildcards", "*/*", "*/*", true},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			m, ok := ParseMIMEType(tc.in)
			if ok != tc.wantOK {
				t.Fatalf("ParseMIMEType(%q): got ok %v, want %v", tc.in, ok, tc.wantOK)
			}
			if ok {
				if got := m.String(); got != tc.want {
					t.Errorf("ParseMIMEType(%q).String(): got %q, want %q", tc.in, got, tc.want)
				}
			}
		})
	}
}

func TestMIMETypeEssenceAndParam(t *testing.T) {
	m, ok := ParseMIMEType("Text/HTML; Charset=\"utf-8\"; q=1")
	if !ok {
		t.Fatalf("ParseMIMEType: failed")
	}
	want := MIMEType{Type: "text", Subtype: "html", Params: []MIMEParam{{"charset", "utf-8"}, {"q", "1"}}}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("ParseMIMEType: -want +got:\n%s", diff)
	}
	if got := m.Essence(); got != "text/html" {
		t.Errorf("Essence(): got %q, want %q", got, "text/html")
	}
	if v, ok := m.Param("charset"); v != "utf-8" || !ok {
		t.Errorf("Param(%q): got (%q, %v), want (%q, true)", "charset", v, ok, "utf-8")
	}
	if v, ok := m.Param("boundary"); v != "" || ok {
		t.Errorf("Param(%q): got (%q, %v), want (\"\", false)", "boundary", v, ok)
	}
}

// wptMIMECase is one object of mimesniff/mime-types/resources/*.json.
type wptMIMECase struct {
	Input  string  `json:"input"`
	Output *string `json:"output"`
}

// toBytes converts a JSON (UTF-16 in JavaScript) string to the byte string
// a header holds, code point U+00xx becoming byte 0xxx. A code point above
// U+00FF cannot be a header byte; it becomes 0x7F, which belongs to the
// same classes (neither an HTTP token code point nor an HTTP quoted-string
// token code point, not HTTP whitespace), so parsing takes the same path.
// mapped reports whether that happened.
func toBytes(s string) (b string, mapped bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			out = append(out, 0x7F)
			mapped = true
			continue
		}
		out = append(out, byte(r))
	}
	return string(out), mapped
}

func TestParseMIMETypeWPT(t *testing.T) {
	dir := os.Getenv("CORSIM_WPT_DIR")
	if dir == "" {
		t.Skip("set CORSIM_WPT_DIR to a directory holding mime-types.json and generated-mime-types.json " +
			"(from a web-platform-tests checkout: mimesniff/mime-types/resources/) to run this test")
	}
	for _, file := range []string{"mime-types.json", "generated-mime-types.json"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatalf("reading WPT vectors: %v", err)
			}
			var items []json.RawMessage
			if err := json.Unmarshal(data, &items); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			var cases, passed, mappedCases int
			for _, raw := range items {
				var c wptMIMECase
				if err := json.Unmarshal(raw, &c); err != nil {
					continue // a string: a section comment
				}
				cases++
				in, mapped := toBytes(c.Input)
				if mapped {
					mappedCases++
				}
				m, ok := ParseMIMEType(in)
				switch {
				case c.Output == nil && ok:
					t.Errorf("ParseMIMEType(%q): got %q, want failure", c.Input, m.String())
				case c.Output != nil && !ok:
					t.Errorf("ParseMIMEType(%q): got failure, want %q", c.Input, *c.Output)
				case c.Output != nil:
					want, wantMapped := toBytes(*c.Output)
					if wantMapped {
						t.Fatalf("%s: output %q has a code point above U+00FF; the byte mapping cannot test it", file, *c.Output)
					}
					if got := m.String(); got != want {
						t.Errorf("ParseMIMEType(%q).String(): got %q, want %q", c.Input, got, want)
						continue
					}
					passed++
				default:
					passed++
				}
			}
			if cases == 0 {
				t.Fatalf("%s: no cases found", file)
			}
			t.Logf("%s: %d/%d cases pass (%d with code points above U+00FF mapped to 0x7F)", file, passed, cases, mappedCases)
		})
	}
}

func TestExtractMIMEType(t *testing.T) {
	tests := []struct {
		desc    string
		headers []string // Content-Type values, one header each
		want    string   // "" for failure
	}{
		{"no header", nil, ""},
		{"one value", []string{"text/html"}, "text/html"},
		{"later type wins", []string{"text/plain;charset=gbk, text/html"}, "text/html"},
		{"charset carried to the same essence", []string{"text/html;charset=gbk;a=b, text/html;x=y"}, "text/html;x=y;charset=gbk"},
		{"unparsable value skipped", []string{"text/html", "cannot-parse"}, "text/html"},
		{"*/* skipped", []string{"text/html", "*/*"}, "text/html"},
		{"own charset kept", []string{"text/html;charset=gbk", "text/html;charset=utf-8"}, "text/html;charset=utf-8"},
		{"charset dropped on essence change and back", []string{"text/html;charset=gbk", "text/plain", "text/html"}, "text/html"},
		{"quoted comma stays in one value", []string{`text/html;x=",", text/plain`}, "text/plain"},
		{"nothing parses", []string{"nope", "*/*"}, ""},
		{"empty header", []string{""}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			var l HeaderList
			for _, v := range tc.headers {
				l.Append("Content-Type", v)
			}
			m, ok := ExtractMIMEType(l)
			got := ""
			if ok {
				got = m.String()
			}
			if got != tc.want {
				t.Errorf("ExtractMIMEType(%q): got %q, want %q", tc.headers, got, tc.want)
			}
		})
	}
}

// specIsCORSSafelistedContentType is the literal form of the Content-Type
// step of CORS-safelisted request-header, built on ParseMIMEType.
func specIsCORSSafelistedContentType(value string) bool {
	if containsCORSUnsafeRequestHeaderByte(value) {
		return false
	}
	m, ok := ParseMIMEType(value)
	if !ok {
		return false
	}
	switch m.Essence() {
	case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
		return true
	}
	return false
}

func TestIsCORSSafelistedContentTypeMatchesParse(t *testing.T) {
	for _, v := range contentTypeSafelistCases {
		got := !containsCORSUnsafeRequestHeaderByte(v.value) && isCORSSafelistedContentType(v.value)
		if want := specIsCORSSafelistedContentType(v.value); got != want {
			t.Errorf("isCORSSafelistedContentType(%q): got %v, literal twin %v", v.value, got, want)
		}
	}
}

func FuzzParseMIMEType(f *testing.F) {
	for _, s := range []string{"text/html", "text/html;charset=gbk", `a/b;x="\"";y=1`, " a/b ; c = d ", "a/b;x=\xE9", "/", "a/b;x=\"abc\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseMIMEType(s)
		if !ok {
			return
		}
		// Serialization parses back to the same MIME type.
		out := m.String()
		m2, ok := ParseMIMEType(out)
		if !ok {
			t.Fatalf("ParseMIMEType(%q) = %q, which does not parse", s, out)
		}
		if diff := cmp.Diff(m, m2); diff != "" {
			t.Fatalf("ParseMIMEType(%q) = %q reparses differently: -first +second\n%s", s, out, diff)
		}
		if out2 := m2.String(); out2 != out {
			t.Fatalf("serialize∘parse is not idempotent on %q: %q then %q", s, out, out2)
		}
	})
}

func FuzzCORSSafelistedContentType(f *testing.F) {
	for _, v := range contentTypeSafelistCases {
		f.Add(v.value)
	}
	f.Fuzz(func(t *testing.T, value string) {
		got := IsCORSSafelistedRequestHeader("Content-Type", value)
		want := len(value) <= 128 && specIsCORSSafelistedContentType(value)
		if got != want {
			t.Fatalf("IsCORSSafelistedRequestHeader(%q, %q): got %v, literal twin %v", "Content-Type", value, got, want)
		}
	})
}
