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
    match client.friends() {
        Ok(friends) => {
            if format == "json" {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&friends).unwrap_or_default()
                );
            } else {
                for friend in &friends {
                    println!(
                        "{}\t{}\t{}\t{}",
                        friend.uuid,
                        friend.profile_nickname.as_deref().unwrap_or(""),
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
