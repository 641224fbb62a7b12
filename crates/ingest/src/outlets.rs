//! Outlet identity: what an article's outlet is, when the input does not
//! say it plainly. In order:
//!
//! 1. `--outlet NAME`: every article of the run is from NAME;
//! 2. the outlet the input states (a JSON field, a page's site name) or the
//!    text names (dateline, signature, copyright line); for plain-text files
//!    read with `--outlet-from-dir`, the folder's name comes first;
//! 3. with `--outlet-from-dir`, the name of the folder the file is in;
//! 4. the domain of the article's URL (`www.` dropped);
//! 5. nothing: the views show «غير معروف» (never a file name).
//!
//! An alias file then maps any of those names or domains to one outlet.

use std::collections::HashMap;
use std::path::Path;

use marsad_core::Article;

/// Names and domains that stand for one outlet, read from a file of lines
/// `OUTLET = alias, alias, domain` (`،` and `|` separate too; `#` starts a
/// comment). Matching ignores case, a leading `www.` and repeated spaces.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    to_outlet: HashMap<String, String>,
}

fn alias_key(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let lower = lower.strip_prefix("www.").unwrap_or(&lower);
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Aliases {
    /// Reads an alias file's text; an error names the first bad line.
    pub fn parse(text: &str) -> Result<Aliases, String> {
        let mut to_outlet = HashMap::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((outlet, names)) = line.split_once('=') else {
                return Err(format!(
                    "line {}: expected `OUTLET = alias, alias, domain`",
                    n + 1
                ));
            };
            let outlet = outlet.split_whitespace().collect::<Vec<_>>().join(" ");
            if outlet.is_empty() {
                return Err(format!("line {}: no outlet name before `=`", n + 1));
            }
            to_outlet.insert(alias_key(&outlet), outlet.clone());
            for name in names.split([',', '،', '|']).map(str::trim) {
                if !name.is_empty() {
                    to_outlet.insert(alias_key(name), outlet.clone());
                }
            }
        }
        Ok(Aliases { to_outlet })
    }

    /// The outlet a name or domain stands for, if the file names it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.to_outlet.get(&alias_key(name)).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.to_outlet.is_empty()
    }
}

/// How outlets are decided for a run (see the module's documentation).
#[derive(Debug, Clone, Default)]
pub struct OutletRules {
    /// Every article is from this outlet.
    pub forced: Option<String>,
    /// The folder a file is in names its outlet.
    pub from_dir: bool,
    pub aliases: Aliases,
}

/// The host of an http(s) URL, without `www.`.
pub fn url_domain(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed.host_str()?.to_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

impl OutletRules {
    /// Settles `a.outlet`. `file` is the file the article was read from;
    /// `from_text` says the outlet, if any, was only inferred from a plain
    /// text (the folder, when asked for, is the surer sign).
    pub fn apply(&self, a: &mut Article, file: &Path, from_text: bool) {
        if let Some(name) = &self.forced {
            a.outlet = Some(name.clone());
            return;
        }
        if self.from_dir && (from_text || a.outlet.is_none()) {
            let dir = file
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|n| n.to_str());
            if let Some(dir) = dir.filter(|d| !d.is_empty() && *d != "." && *d != "..") {
                a.outlet = Some(dir.to_owned());
            }
        }
        let domain = a.url.as_deref().and_then(url_domain);
        if a.outlet.is_none() {
            a.outlet.clone_from(&domain);
        }
        let named = a.outlet.as_deref().and_then(|o| self.aliases.get(o));
        let by_domain = domain.as_deref().and_then(|d| self.aliases.get(d));
        if let Some(outlet) = named.or(by_domain) {
            a.outlet = Some(outlet.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(outlet: Option<&str>, url: Option<&str>) -> Article {
        let mut a = Article::new("x", "dir/x.txt", "نص");
        a.outlet = outlet.map(str::to_owned);
        a.url = url.map(str::to_owned);
        a
    }

    #[test]
    fn aliases_map_names_and_domains_to_one_outlet() {
        let aliases =
            Aliases::parse("# outlets\nصحيفة النجم = النجم اليوم، Star Daily | star.example\n\n")
                .unwrap();
        assert_eq!(aliases.get("star daily"), Some("صحيفة النجم"));
        assert_eq!(aliases.get("www.star.example"), Some("صحيفة النجم"));
        assert_eq!(aliases.get("النجم  اليوم"), Some("صحيفة النجم"));
        assert_eq!(aliases.get("صحيفة النجم"), Some("صحيفة النجم"));
        assert!(Aliases::parse("no equals sign")
            .unwrap_err()
            .contains("line 1"));

        let rules = OutletRules {
            aliases,
            ..OutletRules::default()
        };
        let mut a = article(None, Some("https://www.star.example/news/1"));
        rules.apply(&mut a, Path::new("f.jsonl"), false);
        assert_eq!(a.outlet.as_deref(), Some("صحيفة النجم"));
        let mut b = article(Some("Star Daily"), None);
        rules.apply(&mut b, Path::new("f.jsonl"), false);
        assert_eq!(b.outlet.as_deref(), Some("صحيفة النجم"));
    }

    #[test]
    fn folder_forced_name_domain_or_nothing() {
        let rules = OutletRules {
            from_dir: true,
            ..OutletRules::default()
        };
        let mut a = article(Some("inferred"), None);
        rules.apply(&mut a, Path::new("corpus/قناة الشرق/1.txt"), true);
        assert_eq!(a.outlet.as_deref(), Some("قناة الشرق"));
        // A stated outlet stays; the folder of a JSON file is not an outlet then.
        let mut b = article(Some("stated"), None);
        rules.apply(&mut b, Path::new("corpus/feeds/all.jsonl"), false);
        assert_eq!(b.outlet.as_deref(), Some("stated"));

        let none = OutletRules::default();
        let mut c = article(None, Some("http://news.example.org/a"));
        none.apply(&mut c, Path::new("x.jsonl"), false);
        assert_eq!(c.outlet.as_deref(), Some("news.example.org"));
        let mut d = article(None, None);
        none.apply(&mut d, Path::new("x.txt"), true);
        assert_eq!(d.outlet, None);

        let forced = OutletRules {
            forced: Some("وكالة".into()),
            ..OutletRules::default()
        };
        let mut e = article(Some("stated"), None);
        forced.apply(&mut e, Path::new("x.txt"), false);
        assert_eq!(e.outlet.as_deref(), Some("وكالة"));
    }
}
