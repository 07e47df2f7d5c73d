//! `ktpl friends`: the friends who can receive the app's messages.

#![allow(clippy::print_stdout)]

use crate::report::exit;

use super::args::ApiArgs;
use super::input::{client, fail};

/// Runs `ktpl friends`.
pub(crate) fn friends(api: &ApiArgs, format: &str) -> u8 {
    let mut client = match client(api) {
        Ok(client) => client,
        Err(error) => return fail(&error),
    };
    // With ktpl's own sign-in its consents are known: name the missing one up front.
    if let Some(facts) = client.credentials().facts()
        && !facts.scopes.iter().any(|s| s == "friends")
    {
        return fail(&crate::send::SendError::Credentials {
            message: "listing friends needs your consent to `friends`, which your sign-in does not have".to_owned(),
            help: "run `ktpl login --scope friends` and agree on Kakao's page (the app must have the `friends` consent item set up)".to_owned(),
        });
    }
    match client.friends() {
        Ok(friends) => {
            if format == "json" {
                let output = serde_json::json!({
                    "version": crate::report::json::VERSION,
                    "friends": friends,
                });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&output).unwrap_or_default()
                );
            } else {
                for friend in &friends {
                    println!(
                        "{}\t{}\t{}\t{}",
                        printable(&friend.uuid),
                        printable(friend.profile_nickname.as_deref().unwrap_or("")),
                        if friend.favorite == Some(true) {
                            "favorite"
                        } else {
                            "-"
                        },
                        if friend.allowed_msg == Some(false) {
                            "no-messages"
                        } else {
                            "ok"
                        },
                    );
                }
                println!("{} friends", friends.len());
            }
            exit::OK
        }
        Err(error) => fail(&error),
    }
}

/// `text` with control characters (line breaks, tabs, escape sequences) and the
/// bidirectional overrides escaped, so a nickname cannot forge lines or columns.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_cannot_forge_lines() {
        assert_eq!(printable("친구\nfake-uuid\tok"), "친구\\nfake-uuid\\tok");
        assert_eq!(printable("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(printable("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(printable("back\\slash"), "back\\\\slash");
        assert_eq!(printable("plain 이름"), "plain 이름");
    }
}
