package origin

import (
	"strings"

	"golang.org/x/net/idna"
)

// reasonDomainToASCII is the validation error the domain parser fails with.
const reasonDomainToASCII = "domain-to-ASCII"

// uts46 is Unicode ToASCII configured as the [domain parser ToASCII] with
// beStrict false: CheckHyphens false, CheckBidi true, CheckJoiners true,
// UseSTD3ASCIIRules false, Transitional_Processing false, VerifyDnsLength
// false. Later options override earlier ones, so MapForLookup (which brings
// the UTS #46 mapping and label validation) comes first.
//
// The profile is immutable and safe for concurrent use.
//
// DEVIATION: x/net/idna's tables are Unicode 15.0.0 (before Go 1.27; 17.0.0
// from Go 1.27), and the URL Standard follows the latest UTS #46, whose
// Unicode 15.1 revision derived the mapping afresh from NFKC_Casefold. A
// domain with a code point assigned after the tables' version (U+1C89,
// Unicode 16) or one UTS #46 stopped disallowing (Georgian capitals
// U+10A0–U+10C5, U+2132, U+2183, U+04C0, the Hangul fillers) fails here
// where Chromium 156 maps it: the parser fails closed on such hosts. Run
// over the 6,391 inputs of Unicode 17's IdnaTestV2.txt as "https://<input>/",
// 71 fail here and succeed in Chromium 156, all for this reason.
// TestIDNAUnicodeVersion records it.
// https://www.unicode.org/reports/tr46/
//
// [domain parser ToASCII]: https://url.spec.whatwg.org/#domain-parser-toascii
var uts46 = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.Transitional(false),
	idna.CheckHyphens(false),
	idna.CheckJoiners(true),
	idna.StrictDomainName(false),
	idna.VerifyDNSLength(false),
)

// domainParser implements the [domain parser] with beStrict false. domain is
// a scalar value string. It returns the ASCII domain, or the reason and a
// detail for the failure.
//
// [domain parser]: https://url.spec.whatwg.org/#concept-domain-to-ascii
func domainParser(domain string) (result, reason, detail string) {
	// 1–2. The strict ToASCII run only yields validation errors; with
	// beStrict false it cannot change the outcome, so it is not run.
	if isASCII(domain) {
		// 5. An ASCII domain is only lowercased, whatever ToASCII would say
		// about it (web compatibility: "xn--" labels are kept as they are).
		result = asciiLower(domain)
	} else {
		// 6. Otherwise run ToASCII with relaxed flags; an error fails.
		//
		// NB: UTS #46 since Unicode 15.1 maps U+1E9E LATIN CAPITAL LETTER
		// SHARP S to "ß" (valid in nontransitional processing), where the
		// Unicode 15.0 tables of x/net/idna still map it to "ss": without
		// this, "FAẞ.de" would become "fass.de", another host, where
		// Chromium gives "xn--fa-hia.de". Mapping it first gives the
		// current answer with either table version.
		if strings.Contains(domain, "\u1E9E") {
			domain = strings.ReplaceAll(domain, "\u1E9E", "\u00DF")
		}
		var err error
		result, err = uts46.ToASCII(domain)
		if err == nil {
			err = checkPunycodeLabels(domain, result)
		}
		if err != nil {
			return "", reasonDomainToASCII, err.Error()
		}
	}
	// 7. The empty string is not a domain.
	if result == "" {
		return "", reasonDomainToASCII, "the domain is empty after IDNA mapping"
	}
	// 8. Neither is anything with a forbidden domain code point.
	for i := 0; i < len(result); i++ {
		if forbiddenDomainCodePoint[result[i]] {
			return "", reasonDomainToASCII, "forbidden domain code point " + describeByte(result[i])
		}
	}
	return result, "", ""
}

// punycodeError reports a label x/net/idna accepts and UTS #46 does not.
type punycodeError struct{ label, why string }

func (e punycodeError) Error() string { return "idna: invalid label " + quote(e.label) + ": " + e.why }

// checkPunycodeLabels applies two UTS #46 checks (revision 31 and later) that
// golang.org/x/net/idna does not make, given the domain and the ASCII result
// x/net's ToASCII returned for it without error.
//
// NB: x/net/idna v0.62.0 accepts a label that maps to "xn--" (an empty
// Punycode part, which it turns into an empty label), and a label whose
// Punycode decodes to a string starting with "xn--". UTS #46 §4 step 4.1
// records an error for an empty decoded label, and its validity criterion 4
// (CheckHyphens false) rejects a label starting with "xn--"; so does the URL
// parser, here too. Both only matter for a non-ASCII domain (an ASCII domain
// never reaches ToASCII), e.g. "xn--.ü".
func checkPunycodeLabels(domain, result string) error {
	for label := range strings.SplitSeq(result, ".") {
		if label == "" {
			// The label may have been "xn--" before x/net decoded it: map
			// the domain code point by code point (the UTS #46 mapping is
			// per code point; normalization cannot make or break a leading
			// "xn--") and look for such a label.
			if mappedHasEmptyPunycodeLabel(domain) {
				return punycodeError{"xn--", "empty Punycode label"}
			}
			continue
		}
		if !strings.HasPrefix(label, "xn--") {
			continue
		}
		decoded, err := idna.Punycode.ToUnicode(label)
		if err != nil {
			return err
		}
		if strings.HasPrefix(decoded, "xn--") {
			return punycodeError{label, "decodes to a label starting with \"xn--\""}
		}
	}
	return nil
}

// mappedHasEmptyPunycodeLabel reports whether the UTS #46 mapping of domain
// has a label "xn--".
func mappedHasEmptyPunycodeLabel(domain string) bool {
	var mapped strings.Builder
	for _, r := range domain {
		m, _ := uts46.ToUnicode(string(r))
		mapped.WriteString(m)
	}
	for label := range strings.SplitSeq(mapped.String(), ".") {
		if label == "xn--" {
			return true
		}
	}
	return false
}
