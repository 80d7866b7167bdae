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
        let concurrency = self.concurrency(&opts)?;
        let signal = opts.signal("signal")?;
        let callback = progress_callback(&opts)?;

        // Each distinct ID is asked once; `slot[i]` is input i's distinct index.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut distinct: Vec<UserId> = Vec::new();
        let mut slot = Vec::with_capacity(users.len());
        for user in &users {
            let index = *seen.entry(user.digits()).or_insert_with(|| {
                distinct.push(user.clone());
                distinct.len() - 1
            });
            slot.push(index);
        }
        let distinct = Rc::new(distinct);
        type Outcome = Option<core::result::Result<Vec<ChannelRelationship>, usize>>;
        let outcomes: Rc<RefCell<Vec<Outcome>>> = Rc::new(RefCell::new(vec![None; distinct.len()]));
        let errors: Rc<RefCell<Vec<JsValue>>> = Rc::new(RefCell::new(Vec::new()));
        let progress = Rc::new(Progress::new(callback, distinct.len()));
        let jobs = distinct.len().div_ceil(chunk);
        let job = {
            let (admin, distinct, outcomes, errors, progress, signal) = (
                self.clone(),
                distinct.clone(),
                outcomes.clone(),
                errors.clone(),
                progress.clone(),
                signal.clone(),
            );
            Rc::new(move |index: usize| -> Pin<Box<dyn Future<Output = ()>>> {
                let (admin, distinct, outcomes, errors, progress, ids, signal) = (
                    admin.clone(),
                    distinct.clone(),
                    outcomes.clone(),
                    errors.clone(),
                    progress.clone(),
                    ids.clone(),
                    signal.clone(),
                );
                Box::pin(async move {
                    let start = index * chunk;
                    let members: Vec<&UserId> = distinct.iter().skip(start).take(chunk).collect();
                    let decoded = admin.ask_multi(&members, &ids, signal.as_ref()).await;
                    let mut outcomes = outcomes.borrow_mut();
                    match decoded {
                        Ok(answers) => {
                            let mut missing = None;
                            let mut left_out = 0;
                            for (offset, found) in answers.into_iter().enumerate() {
                                let outcome = match found {
                                    Some(channels) => Ok(channels),
                                    None => Err({
                                        left_out += 1;
                                        *missing.get_or_insert_with(|| {
                                            let mut errors = errors.borrow_mut();
                                            errors.push(batch_error(
                                                &missing_user_error(),
                                                index,
                                                start,
                                                members.len(),
                                            ));
                                            errors.len() - 1
                                        })
                                    }),
                                };
                                if let Some(slot) = outcomes.get_mut(start + offset) {
                                    *slot = Some(outcome);
                                }
                            }
                            progress.advance(members.len(), left_out);
                        }
                        Err(err) => {
                            let mut errors = errors.borrow_mut();
                            errors.push(batch_error(&err, index, start, members.len()));
                            let at = errors.len() - 1;
                            for slot in outcomes.iter_mut().skip(start).take(members.len()) {
                                *slot = Some(Err(at));
                            }
                            progress.advance(members.len(), members.len());
                        }
                    }
                })
            })
        };
        run_pool(jobs, concurrency, job).await;
        if aborted(signal.as_ref()) {
            return Err(admin_transport_error(Transport::Aborted, 0));
        }

        let outcomes = outcomes.borrow();
        let errors = errors.borrow();
        let mut failed = Vec::new();
        let results: Vec<AdminRelationships> = users
            .into_iter()
            .zip(&slot)
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
