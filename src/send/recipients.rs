//! Who receives a message (its recipients): the user ("me"), or friends by uuid, in
//! batches of five.

use std::path::Path;

use super::error::SendError;

/// At most this many receivers per friends request (spec §6.2).
pub const BATCH: usize = 5;

/// The receivers of a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipients {
    /// The logged-in user's own chat ("send to me").
    Me,
    /// Friends, by the uuids the friends API gives.
    Friends(Vec<String>),
}

impl Recipients {
    /// Builds the recipients from `--to` values (`me`, or comma-separated uuids) and the
    /// lines of `--to-file` files (blank lines and `#` comments ignored). Duplicates
    /// are dropped, first occurrence kept.
    pub fn parse(to: &[String], files: &[&Path]) -> Result<Recipients, SendError> {
        let mut uuids: Vec<String> = Vec::new();
        let mut me = false;
        let mut push = |uuid: &str| {
            let uuid = uuid.trim();
            if uuid.is_empty() {
                return;
            }
            if uuid.eq_ignore_ascii_case("me") {
                me = true;
            } else if !uuids.iter().any(|u| u == uuid) {
                uuids.push(uuid.to_owned());
            }
        };
        for value in to {
            value.split(',').for_each(&mut push);
        }
        for file in files {
            let text = std::fs::read_to_string(file).map_err(|e| SendError::Usage {
                message: format!("cannot read --to-file {}: {e}", file.display()),
            })?;
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or_default();
                push(line);
            }
        }
        match (me, uuids.is_empty()) {
            (true, true) => Ok(Recipients::Me),
            (false, false) => Ok(Recipients::Friends(uuids)),
            (true, false) => Err(SendError::Usage {
                message: "`--to me` cannot be combined with friends' uuids".to_owned(),
            }),
            (false, true) => Err(SendError::Usage {
                message: "no receivers: give `--to me`, `--to UUID[,UUID...]` or `--to-file FILE`"
                    .to_owned(),
            }),
        }
    }

    /// The receivers in request-sized groups.
    #[must_use]
    pub fn batches(&self) -> Vec<Vec<String>> {
        match self {
            Recipients::Me => vec![Vec::new()],
            Recipients::Friends(uuids) => uuids.chunks(BATCH).map(<[String]>::to_vec).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_batches() {
        let to = vec!["a,b".to_owned(), "c, a".to_owned(), "d,e,f,g".to_owned()];
        let recipients = Recipients::parse(&to, &[]).expect("valid");
        assert_eq!(
            recipients.batches(),
            vec![
                vec!["a", "b", "c", "d", "e"]
                    .into_iter()
                    .map(String::from)
                    .collect::<Vec<_>>(),
                vec!["f".to_owned(), "g".to_owned()],
            ]
        );
        assert_eq!(
            Recipients::parse(&["me".to_owned()], &[]).expect("me"),
            Recipients::Me
        );
        assert!(Recipients::parse(&["me,a".to_owned()], &[]).is_err());
        assert!(Recipients::parse(&[], &[]).is_err());
    }
}
