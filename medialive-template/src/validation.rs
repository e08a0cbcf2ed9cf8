//! Epoch-locking validation: what in a channel would break epoch-locked, redundant, cross-Region HLS.

/// The MediaLive variable identifiers that resolve to the date or time (`$dt$`, `$d$`, `$t$`, with or
/// without a `%0n` padding modifier) found in `text`, in order. `$$` is an escaped `$`.
///
/// ```
/// use medialive_template::validation::date_time_variables;
/// assert_eq!(date_time_variables("primary_$dt$"), ["$dt$"]);
/// assert_eq!(date_time_variables("_$h$p$f$"), Vec::<String>::new());
/// assert_eq!(date_time_variables("cost$$dt$"), Vec::<String>::new());
/// ```
pub fn date_time_variables(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        let after = &rest[start + 1..];
        if let Some(escaped) = after.strip_prefix('$') {
            rest = escaped;
            continue;
        }
        let Some(end) = after.find('$') else { break };
        let identifier = &after[..end];
        let name = identifier.split('%').next().unwrap_or(identifier);
        if matches!(name, "dt" | "d" | "t") {
            found.push(format!("${identifier}$"));
        }
        rest = &after[end + 1..];
    }
    found
}
