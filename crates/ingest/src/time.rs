//! Reading publish times.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a timestamp: RFC 3339 / ISO 8601 with an offset, RFC 2822 (feeds),
/// or a naive `YYYY-MM-DD[ T]HH:MM[:SS]` or `YYYY-MM-DD` read in `tz`.
pub fn parse_time(s: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    parse_time_offset(s, tz).map(|t| t.with_timezone(&Utc))
}

/// [`parse_time`], keeping the offset the timestamp was written in (or
/// `tz`'s offset at that moment for a naive one).
pub fn parse_time_offset(s: &str, tz: chrono_tz::Tz) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Some(t) = epoch(s) {
        return Some(t.fixed_offset());
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t);
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%:z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })?;
    local_to_utc(naive, tz).map(|t| t.with_timezone(&tz).fixed_offset())
}

/// A Unix timestamp: seconds (9 or 10 digits, 2001-09 to 2286, with an
/// optional fraction) or milliseconds (12 or 13 digits). Shorter numbers
/// are not taken for times: they are more likely years or ids.
fn epoch(s: &str) -> Option<DateTime<Utc>> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    match whole.len() {
        9 | 10 => {
            let nanos = format!("{fraction:0<9}").get(..9)?.parse().ok()?;
            DateTime::from_timestamp(n, nanos)
        }
        12 | 13 if fraction.is_empty() => DateTime::from_timestamp_millis(n),
        _ => None,
    }
}

/// Reads a wall-clock time in `tz`. A time that falls in a daylight-saving
/// gap (it never showed on clocks) is read as the same time an hour later,
/// which is what the clock showed; an ambiguous one takes the earlier reading.
pub fn local_to_utc(naive: NaiveDateTime, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_naive_times_in_the_given_zone() {
        let riyadh: chrono_tz::Tz = "Asia/Riyadh".parse().unwrap();
        let t = parse_time("2015-07-24 06:25:37", riyadh).unwrap();
        assert_eq!(t.to_rfc3339(), "2015-07-24T03:25:37+00:00");
        let t = parse_time("2015-07-24 06:25:37", chrono_tz::UTC).unwrap();
        assert_eq!(t.to_rfc3339(), "2015-07-24T06:25:37+00:00");
    }

    #[test]
    fn reads_offsets_and_feeds() {
        assert!(parse_time("2021-02-23T21:10:00+03:00", chrono_tz::UTC).is_some());
        assert!(parse_time("Tue, 23 Feb 2021 18:10:00 GMT", chrono_tz::UTC).is_some());
        assert!(parse_time("2021-02-23", chrono_tz::UTC).is_some());
        assert!(parse_time("yesterday", chrono_tz::UTC).is_none());
    }

    #[test]
    fn reads_unix_timestamps() {
        let t = |s| parse_time(s, chrono_tz::UTC).map(|t| t.to_rfc3339());
        assert_eq!(
            t("1710237600").as_deref(),
            Some("2024-03-12T10:00:00+00:00")
        );
        assert_eq!(
            t("1710237600.5").as_deref(),
            Some("2024-03-12T10:00:00.500+00:00")
        );
        assert_eq!(
            t("1710237600000").as_deref(),
            Some("2024-03-12T10:00:00+00:00")
        );
        assert_eq!(t("2024"), None);
    }
}
