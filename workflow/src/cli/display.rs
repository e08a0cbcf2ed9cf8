//! How the command shows the long operations' progress: one line per task updating in place on a
//! terminal, plain log lines elsewhere, JSON lines with `--json`.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressState, ProgressStyle};

use crate::apply::Minutes;
use crate::progress::{Event, Operation, Progress, Task};

/// Where progress goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One line per task, updated in place (standard error is a terminal).
    Terminal,
    /// One log line per event on standard error.
    Plain,
    /// One JSON object per event on standard output.
    Json,
}

impl Mode {
    /// JSON when asked for, lines in place when standard error is a terminal, plain lines otherwise.
    pub fn detect(json: bool) -> Mode {
        use std::io::IsTerminal as _;
        if json {
            Mode::Json
        } else if io::stderr().is_terminal() {
            Mode::Terminal
        } else {
            Mode::Plain
        }
    }
}

/// The observer the command gives the library: it draws or logs each event of one operation.
pub struct Display {
    mode: Mode,
    /// The command's own operation; a task of another (teardown stopping a channel) says its own.
    operation: Operation,
    started: Instant,
    lines: MultiProgress,
    tasks: Mutex<HashMap<Task, (Instant, ProgressBar)>>,
}

impl Display {
    /// Shows the progress of `operation` in `mode`, drawing on `lines` (shared with the log writer
    /// so that a log line never tears a progress line).
    pub fn new(mode: Mode, operation: Operation, lines: MultiProgress) -> Display {
        Display {
            mode,
            operation,
            started: Instant::now(),
            lines,
            tasks: Mutex::new(HashMap::new()),
        }
    }

    /// Where the progress goes.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The task's label: its id, prefixed by its operation when that is not the command's own.
    fn label(&self, task: &Task) -> String {
        if task.operation == self.operation {
            task.id.clone()
        } else {
            format!("{} {}", task.operation, task.id)
        }
    }

    /// Marks every line still running as interrupted (the operation returned an error first).
    pub fn finish(&self) {
        let Ok(tasks) = self.tasks.lock() else {
            return;
        };
        for (_, bar) in tasks.values() {
            if !bar.is_finished() {
                bar.set_style(finished_style("-"));
                bar.abandon_with_message("interrupted");
            }
        }
    }

    fn draw(&self, event: &Event) {
        let Ok(mut tasks) = self.tasks.lock() else {
            return;
        };
        match event {
            Event::Started(task) => {
                let bar = self.lines.add(ProgressBar::new_spinner());
                bar.set_style(running_style());
                bar.set_prefix(self.label(task));
                bar.set_message("running");
                bar.enable_steady_tick(Duration::from_millis(120));
                tasks.insert(task.clone(), (Instant::now(), bar));
            }
            Event::Waiting { task, until } => {
                if let Some((_, bar)) = tasks.get(task) {
                    bar.set_message(format!("waiting for {until}"));
                }
            }
            Event::Finished {
                task,
                outcome,
                resource,
            } => {
                if let Some((_, bar)) = tasks.get(task) {
                    bar.set_style(finished_style("✓"));
                    bar.finish_with_message(match resource {
                        Some(resource) => format!("{outcome:<10} {resource}"),
                        None => outcome.clone(),
                    });
                }
            }
            Event::Failed { task, error } => {
                if let Some((_, bar)) = tasks.get(task) {
                    bar.set_style(finished_style("✗"));
                    bar.abandon_with_message(format!("failed: {error}"));
                }
            }
        }
    }

    /// Notes when a task started, for the lines that say how long it took.
    fn begin(&self, task: &Task, now: Instant) {
        if let Ok(mut tasks) = self.tasks.lock() {
            tasks.insert(task.clone(), (now, ProgressBar::hidden()));
        }
    }

    /// The time since the task started (zero for a task never seen starting); it is no longer running.
    fn took(&self, task: &Task, now: Instant) -> Duration {
        self.tasks
            .lock()
            .ok()
            .and_then(|mut tasks| tasks.remove(task).map(|(started, _)| now - started))
            .unwrap_or_default()
    }

    /// The time since the task started (zero for a task never seen starting); it is still running.
    fn since_start(&self, task: &Task, now: Instant) -> Duration {
        self.tasks
            .lock()
            .ok()
            .and_then(|tasks| tasks.get(task).map(|(started, _)| now - *started))
            .unwrap_or_default()
    }

    /// In plain mode, one line per task still running, so that a log shows a long wait going on.
    pub fn still_running(&self) {
        if self.mode != Mode::Plain {
            return;
        }
        let now = Instant::now();
        let at = Minutes(now - self.started);
        let Ok(tasks) = self.tasks.lock() else {
            return;
        };
        let mut running: Vec<(&Task, Instant)> = tasks
            .iter()
            .map(|(task, (started, _))| (task, *started))
            .collect();
        running.sort_by_key(|(_, started)| *started);
        for (task, started) in running {
            let label = self.label(task);
            let _ = writeln!(
                io::stderr(),
                "{at:>9} {label:<42} still running ({})",
                Minutes(now - started)
            );
        }
    }

    fn log(&self, event: &Event) {
        let now = Instant::now();
        let at = Minutes(now - self.started);
        let label = self.label(event.task());
        let line = match event {
            Event::Started(task) => {
                self.begin(task, now);
                format!("{at:>9} {label:<42} started")
            }
            Event::Waiting { task, until } => {
                let waited = Minutes(self.since_start(task, now));
                format!("{at:>9} {label:<42} waiting for {until} (after {waited})")
            }
            Event::Finished {
                task,
                outcome,
                resource,
            } => {
                let took = Minutes(self.took(task, now));
                let resource = resource.as_deref().unwrap_or_default();
                format!("{at:>9} {label:<42} {outcome} {resource} (took {took})")
            }
            Event::Failed { task, error } => {
                let took = Minutes(self.took(task, now));
                format!("{at:>9} {label:<42} failed after {took}: {error}")
            }
        };
        let _ = writeln!(io::stderr(), "{}", line.trim_end());
    }

    fn json(&self, event: &Event) {
        let now = Instant::now();
        let task = event.task();
        let mut line = serde_json::json!({
            "operation": task.operation.as_str(),
            "task": task.id,
            "at_s": (now - self.started).as_secs_f64(),
        });
        match event {
            Event::Started(task) => {
                self.begin(task, now);
                line["event"] = "started".into();
            }
            Event::Waiting { task, until } => {
                line["event"] = "waiting".into();
                line["until"] = until.as_str().into();
                line["elapsed_s"] = self.since_start(task, now).as_secs_f64().into();
            }
            Event::Finished {
                task,
                outcome,
                resource,
            } => {
                line["event"] = "finished".into();
                line["outcome"] = outcome.as_str().into();
                line["resource"] = resource.as_deref().into();
                line["took_s"] = self.took(task, now).as_secs_f64().into();
            }
            Event::Failed { task, error } => {
                line["event"] = "failed".into();
                line["error"] = error.as_str().into();
                line["took_s"] = self.took(task, now).as_secs_f64().into();
            }
        }
        let _ = writeln!(io::stdout(), "{line}");
    }
}

impl Progress for Display {
    fn report(&self, event: Event) {
        match self.mode {
            Mode::Terminal => self.draw(&event),
            Mode::Plain => self.log(&event),
            Mode::Json => self.json(&event),
        }
    }
}

/// `⠋ primary.container.wait-active   0:41.3  running`
fn running_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner:.cyan} {prefix:<42} {took:>8}  {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .with_key("took", took)
}

/// `✓ primary.container.create        0:02.0  created    demo-east`
fn finished_style(mark: &'static str) -> ProgressStyle {
    ProgressStyle::with_template(&format!("{mark} {{prefix:<42}} {{took:>8}}  {{msg}}"))
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .with_key("took", took)
}

/// The line's elapsed time as `m:ss.s`, like the apply report's.
fn took(state: &ProgressState, out: &mut dyn std::fmt::Write) {
    let _ = write!(out, "{}", Minutes(state.elapsed()));
}

/// A writer to standard error that hides the progress lines while it writes, so that log lines
/// print above them.
#[derive(Clone)]
pub(super) struct Stderr(pub(super) MultiProgress);

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.suspend(|| io::stderr().write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}
