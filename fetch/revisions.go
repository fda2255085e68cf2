package fetch

// SpecRevisions names the revisions of the standards this package follows,
// as the README's "Specifications followed" section lists them.
const SpecRevisions = "Fetch Standard @586cd2a4 (2026-07-02); " +
	"MIME Sniffing Standard @8a3b9185 (2026-01-20)"
