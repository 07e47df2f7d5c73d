//! The friends list, followed page by page to the end.

use url::Url;

use super::Client;
use crate::send::error::SendError;
use crate::send::response::{Friend, FriendsPage};

/// The friends list is paged by Kakao; stop following after this many pages.
const MAX_PAGES: usize = 1000;

impl Client {
    /// friend listed twice is kept once.
    pub fn friends(&mut self) -> Result<Vec<Friend>, SendError> {
        let mut friends: Vec<Friend> = Vec::new();
        let mut seen_uuids = std::collections::HashSet::new();
        let mut seen_queries = std::collections::HashSet::new();
        let mut query = "limit=100&offset=0".to_owned();
        for _ in 0..MAX_PAGES {
            seen_queries.insert(query.clone());
            let body = self.get_api(&format!("/v1/api/talk/friends?{query}"))?;
            let page: FriendsPage =
                serde_json::from_str(&body).map_err(|e| SendError::Network {
                    message: format!("Kakao's friends reply could not be read: {e}"),
                })?;
            let known_page = !page.elements.is_empty()
                && page.elements.iter().all(|f| seen_uuids.contains(&f.uuid));
            if known_page {
                return Err(SendError::Network {
                    message: format!(
                        "Kakao's friends list repeats a page already read (at `{query}`); stopped after {} friends",
                        friends.len()
                    ),
                });
            }
            for friend in page.elements {
                if seen_uuids.insert(friend.uuid.clone()) {
                    friends.push(friend);
                }
            }
            // Only the query of `after_url` is used: a reply cannot send the token to
            // another host.
            match page.after_url.as_deref().and_then(|u| Url::parse(u).ok()) {
                Some(next) => {
                    next.query().unwrap_or_default().clone_into(&mut query);
                    if seen_queries.contains(&query) {
                        return Err(SendError::Network {
                            message: format!(
                                "Kakao's friends list repeats itself (the next page `{query}` was already read); stopped after {} friends",
                                friends.len()
                            ),
                        });
                    }
                }
                None => return Ok(friends),
            }
        }
        Err(SendError::Network {
            message: format!("Kakao's friends list did not end after {MAX_PAGES} pages; stopped"),
        })
    }
}
