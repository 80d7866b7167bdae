//! `checkRelationships` and the `/channels/multi` chunk path it shares with `relationships()`.

use super::*;

impl Admin {
    /// One `/v2/api/talk/channels/multi` request for `members` (the chunk path of
    /// `checkRelationships` and `relationships`), retried as [`Admin::request`] does, decoded,
    /// and put in the members' order (`None` for a user Kakao's answer left out).
    pub(crate) async fn ask_multi(
        &self,
        members: &[&UserId],
        ids: &[ChannelId],
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<Option<Vec<ChannelRelationship>>>> {
        let spec = multi_request(&self.api, members, ids, &self.key);
        let answer = self.request(&spec, signal).await?;
        let answers = decode_multi(answer.status, &answer.text, &self.key)?;
        Ok(in_request_order(members, answers))
    }

    pub(super) async fn check_relationships(self: Rc<Self>, options: JsValue) -> Result<JsValue> {
        let call = self.relationships_call(options)?;
        let (distinct, slot) = distinct_users(&call.users);
        let distinct: Rc<Vec<UserId>> = Rc::new(distinct.into_iter().cloned().collect());
        let state = Rc::new(ChunkResults {
            outcomes: RefCell::new(vec![None; distinct.len()]),
            errors: RefCell::new(Vec::new()),
            progress: Progress::new(call.callback.clone(), distinct.len()),
        });
        let jobs = distinct.len().div_ceil(call.chunk);
        let job = {
            let (admin, state, ids, signal, chunk) = (
                self.clone(),
                state.clone(),
                call.ids.clone(),
                call.signal.clone(),
                call.chunk,
            );
            Rc::new(move |index: usize| -> Pin<Box<dyn Future<Output = ()>>> {
                let (admin, state, distinct, ids, signal) = (
                    admin.clone(),
                    state.clone(),
                    distinct.clone(),
                    ids.clone(),
                    signal.clone(),
                );
                Box::pin(async move {
                    let start = index * chunk;
                    let members: Vec<&UserId> = distinct.iter().skip(start).take(chunk).collect();
                    let decoded = admin.ask_multi(&members, &ids, signal.as_ref()).await;
                    state.record(index, start, members.len(), decoded);
                })
            })
        };
        run_pool(jobs, call.concurrency, job).await;
        if aborted(call.signal.as_ref()) {
            return Err(admin_transport_error(Transport::Aborted, 0));
        }
        state.results(call.users, &slot)
    }

    /// `checkRelationships`' options, validated.
    fn relationships_call(&self, options: JsValue) -> Result<RelationshipsCall> {
        let opts = Opts::new(options, "checkRelationships")?;
        let list = array(&opts, "userIds", "[1001, '9223372036854775001']")?;
        let mut users = Vec::with_capacity(list.capacity());
        for (i, value) in list.iter().enumerate() {
            users.push(parse_user_id(
                raw_id(Some(value)),
                &index_name("userIds", i),
            )?);
        }
        let ids = Rc::new(dedupe(
            opts.channel_ids("channelPublicIds")?.unwrap_or_default(),
        ));
        let chunk = validate_count(
            "chunkSize",
            opts.number("chunkSize")?,
            1,
            MAX_CHUNK as u32,
            MAX_CHUNK as u32,
        )? as usize;
        Ok(RelationshipsCall {
            users,
            ids,
            chunk,
            concurrency: self.concurrency(&opts)?,
            signal: opts.signal("signal")?,
            callback: progress_callback(&opts)?,
        })
    }
}

/// A validated `checkRelationships` call.
struct RelationshipsCall {
    users: Vec<UserId>,
    ids: Rc<Vec<ChannelId>>,
    chunk: usize,
    concurrency: u32,
    signal: Option<AbortSignal>,
    callback: Option<Function>,
}

/// A distinct user's outcome: the channels, or the index of its chunk's error.
type Outcome = Option<core::result::Result<Vec<ChannelRelationship>, usize>>;

/// What the chunks found, filled in as they finish (in any order).
struct ChunkResults {
    outcomes: RefCell<Vec<Outcome>>,
    errors: RefCell<Vec<JsValue>>,
    progress: Progress,
}

impl ChunkResults {
    /// Records chunk `index` (distinct users `start..start + count`): each user's channels, or
    /// the chunk's error (one per chunk, also for users Kakao's answer left out).
    fn record(
        &self,
        index: usize,
        start: usize,
        count: usize,
        decoded: Result<Vec<Option<Vec<ChannelRelationship>>>>,
    ) {
        let mut outcomes = self.outcomes.borrow_mut();
        let chunk_error = |err: &Error| {
            let mut errors = self.errors.borrow_mut();
            errors.push(batch_error(err, index, start, count));
            errors.len() - 1
        };
        match decoded {
            Ok(answers) => {
                let mut missing = None;
                let mut left_out = 0;
                for (offset, found) in answers.into_iter().enumerate() {
                    let outcome = match found {
                        Some(channels) => Ok(channels),
                        None => {
                            left_out += 1;
                            Err(*missing.get_or_insert_with(|| chunk_error(&missing_user_error())))
                        }
                    };
                    if let Some(slot) = outcomes.get_mut(start + offset) {
                        *slot = Some(outcome);
                    }
                }
                self.progress.advance(count, left_out);
            }
            Err(err) => {
                let at = chunk_error(&err);
                for slot in outcomes.iter_mut().skip(start).take(count) {
                    *slot = Some(Err(at));
                }
                self.progress.advance(count, count);
            }
        }
    }

    /// The results in input order, a failed user with its chunk's `error` and `channels: []`.
    fn results(&self, users: Vec<UserId>, slot: &[usize]) -> Result<JsValue> {
        let outcomes = self.outcomes.borrow();
        let errors = self.errors.borrow();
        let mut failed = Vec::new();
        let results: Vec<AdminRelationships> = users
            .into_iter()
            .zip(slot)
            .enumerate()
            .map(|(position, (user_id, index))| {
                let channels = match outcomes.get(*index) {
                    Some(Some(Ok(channels))) => channels.clone(),
                    Some(Some(Err(error))) => {
                        failed.push((position, *error));
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
                AdminRelationships { user_id, channels }
            })
            .collect();
        let array = to_value(&results)?;
        for (position, error) in failed {
            let entry = Reflect::get(&array, &JsValue::from_f64(position as f64))
                .map_err(|_| conversion_error())?;
            if let Some(error) = errors.get(error) {
                let _ = Reflect::set(&entry, &JsValue::from_str("error"), error);
            }
        }
        Ok(array)
    }
}
