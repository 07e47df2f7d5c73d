//! `--online` for check, preview and send: the flags make an `online::Prober`, which
//! fetches the URLs of the checked templates; its findings join each file's problems.
//! Without `--online` nothing here runs, and nothing touches the network.

#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;

use crate::config::Config;
use crate::pipeline::Checked;
use crate::source::SourceFile;

use super::args::OnlineArgs;

/// The online stage of one run.
#[cfg(feature = "online")]
pub(crate) struct Online {
    prober: crate::online::Prober,
}

/// Without the `online` feature there is no online stage.
#[cfg(not(feature = "online"))]
pub(crate) enum Online {}

impl Online {
    /// The online stage, when `--online` is given (a usage error, reported, when this
    /// ktpl cannot fetch).
    #[cfg(feature = "online")]
    pub(crate) fn start(args: &OnlineArgs) -> Result<Option<Online>, u8> {
        if !args.online {
            return Ok(None);
        }
        if let Some(dir) = &args.online_cache
            && dir.exists()
            && !dir.is_dir()
        {
            return Err(super::input::usage_error(&format!(
                "--online-cache {} is not a folder",
                dir.display()
            )));
        }
        let options = crate::online::Options {
            allow_private: args.online_allow_private,
            timeout: args.online_timeout,
            budget: args.online_budget,
            concurrency: usize::from(args.online_concurrency),
            cache: args
                .online_cache
                .as_deref()
                .map(|dir| crate::online::Cache::new(dir, args.online_cache_max_age)),
        };
        Ok(Some(Online {
            prober: crate::online::Prober::new(options),
        }))
    }

    /// Without the `online` feature: `--online` is a usage error.
    #[cfg(not(feature = "online"))]
    pub(crate) fn start(args: &OnlineArgs) -> Result<Option<Online>, u8> {
        if args.online {
            return Err(super::input::usage_error(
                "this ktpl was built without the `online` feature: `--online` cannot fetch anything",
            ));
        }
        Ok(None)
    }

    /// Fetches the image and link URLs of these checked templates (each URL once per
    /// run).
    #[cfg(feature = "online")]
    pub(crate) fn probe<'a>(&mut self, checked: impl IntoIterator<Item = &'a Checked>) {
        let targets: Vec<crate::online::Target> = checked
            .into_iter()
            .filter_map(|checked| checked.compiled.as_ref())
            .flat_map(|compiled| crate::online::targets(&compiled.value))
            .collect();
        self.prober.probe(&targets);
        for message in std::mem::take(&mut self.prober.cache_errors) {
            eprintln!("note: {message}");
        }
    }

    #[cfg(not(feature = "online"))]
    pub(crate) fn probe<'a>(&mut self, _: impl IntoIterator<Item = &'a Checked>) {
        match *self {}
    }

    /// Adds the online findings of one checked template to its problems.
    #[cfg(feature = "online")]
    pub(crate) fn add_findings(
        &self,
        source: &SourceFile,
        vars: &BTreeMap<String, String>,
        config: &Config,
        checked: &mut Checked,
    ) {
        let Some(compiled) = &checked.compiled else {
            return;
        };
        let mut found = crate::online::findings(compiled, &self.prober, config);
        // A template that passed `check` without positions: read it again keeping them.
        if !found.is_empty()
            && compiled.spans.is_empty()
            && let Some(located) = crate::pipeline::located(source, vars)
        {
            found = crate::online::findings(&located, &self.prober, config);
        }
        checked.problems.extend(found);
        checked.problems.sort();
    }

    #[cfg(not(feature = "online"))]
    pub(crate) fn add_findings(
        &self,
        _: &SourceFile,
        _: &BTreeMap<String, String>,
        _: &Config,
        _: &mut Checked,
    ) {
        match *self {}
    }

    /// The real width and height of a template's content image, when it was fetched.
    #[cfg(feature = "online")]
    pub(crate) fn content_image_size(&self, template: &serde_json::Value) -> Option<(u64, u64)> {
        let url = template.pointer("/content/image_url")?.as_str()?;
        match &self.prober.get(crate::online::Kind::Image, url)?.result {
            Ok(crate::online::Answer {
                sniffed: Some(crate::online::Sniffed::Image { dimensions, .. }),
                ..
            }) => *dimensions,
            _ => None,
        }
    }

    #[cfg(not(feature = "online"))]
    pub(crate) fn content_image_size(&self, _: &serde_json::Value) -> Option<(u64, u64)> {
        match *self {}
    }
}

/// `send`'s template: compiled and checked, with `--online` also fetched, every
/// problem reported on stderr; any error (online ones included) means nothing is sent.
#[cfg(feature = "send")]
pub(crate) fn checked_template(
    path: &std::path::Path,
    vars: &super::args::VarArgs,
    common: &super::args::CommonArgs,
    args: &OnlineArgs,
) -> Result<serde_json::Value, u8> {
    let mut online = Online::start(args)?;
    super::input::checked_template_with(
        path,
        vars,
        common,
        crate::target::Target::Rest,
        &mut |source, vars, config, checked| {
            if let Some(online) = online.as_mut() {
                online.probe([&*checked]);
                online.add_findings(source, vars, config, checked);
            }
        },
    )
}
