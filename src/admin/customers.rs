//! The customer-file calls of `KakaoChannelAdmin` (`createCustomerFile` reads its schema here;
//! `addCustomerUsers`, `deleteCustomerUsers` in paced batches, and the `BatchReport`).

use super::*;

/// The optional `schema` option (`{ name: 'string' | 'number' }`).
pub(super) fn read_schema(opts: &Opts) -> Result<Option<Schema>> {
    let Some(value) = opts.get("schema")? else {
        return Ok(None);
    };
    let fields = entries(&value).ok_or_else(|| {
        Error::invalid_argument(
            "schema must be an object such as { tier: 'string', points: 'number' }.",
        )
    })?;
    parse_schema(
        fields
            .into_iter()
            .map(|(name, kind)| (name, kind.as_string()))
            .collect(),
    )
    .map(Some)
}

/// How a batched call is paced: users per request, requests in flight, the caller's signal and
/// `onProgress`.
pub(super) struct Pacing {
    size: usize,
    concurrency: u32,
    signal: Option<AbortSignal>,
    callback: Option<Function>,
}

/// A customer-file batch call's validated options (`addCustomerUsers`, `deleteCustomerUsers`).
pub(super) struct Batched {
    channel: ChannelId,
    file_id: i64,
    user_type: UserType,
    list: ArrayView,
    pacing: Pacing,
}

/// A field value as JavaScript gave it.
pub(super) fn raw_value(value: &JsValue) -> RawValue {
    if let Some(s) = value.as_string() {
        RawValue::Text(s)
    } else if let Some(n) = value.as_f64() {
        RawValue::Number(n)
    } else {
        RawValue::Other(value.js_typeof().as_string().unwrap_or_default())
    }
}

/// The `BatchReport`: counts, errors (in batch order), Kakao's answers (in batch order).
pub(super) fn report(
    counts: BatchCounts,
    errors: Vec<JsValue>,
    responses: Vec<Value>,
) -> Result<JsValue> {
    let report = to_value(&counts)?;
    let list: Array = errors.into_iter().collect();
    let _ = Reflect::set(&report, &JsValue::from_str("errors"), &list);
    let _ = Reflect::set(
        &report,
        &JsValue::from_str("responses"),
        &json_value(&responses)?,
    );
    Ok(report)
}

impl Admin {
    /// The options every customer-file batch call shares; `list_key` names its array.
    pub(super) fn batched(&self, opts: &Opts, list_key: &str, example: &str) -> Result<Batched> {
        let max = MAX_BATCH as u32;
        Ok(Batched {
            channel: opts.channel_id()?,
            file_id: validate_file_id(opts.number("fileId")?)?,
            user_type: UserType::parse(opts.string("userType")?.as_deref())?,
            list: array(opts, list_key, example)?,
            pacing: Pacing {
                size: validate_count("batchSize", opts.number("batchSize")?, 1, max, max)? as usize,
                concurrency: self.concurrency(opts)?,
                signal: opts.signal("signal")?,
                callback: progress_callback(opts)?,
            },
        })
    }

    pub(super) async fn list_files(
        &self,
        channel: &ChannelId,
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<Value>> {
        let spec = list_request(&self.api, channel, &self.key);
        let answer = self.request(&spec, signal).await?;
        decode_files(answer.status, &answer.text, &self.key)
    }

    /// The schema to check `addCustomerUsers` against: the caller's, or the file's from the
    /// channel's list (`None` when Kakao lists no schema for it).
    pub(super) async fn schema_for(
        &self,
        opts: &Opts,
        channel: &ChannelId,
        file_id: i64,
        signal: Option<&AbortSignal>,
    ) -> Result<Option<Schema>> {
        if let Some(schema) = read_schema(opts)? {
            return Ok(Some(schema));
        }
        let files = self.list_files(channel, signal).await?;
        file_schema(&files, file_id).ok_or_else(|| unknown_file_error(file_id, channel))
    }

    pub(super) async fn add_users(self: Rc<Self>, options: JsValue) -> Result<JsValue> {
        let opts = Opts::new(options, "addCustomerUsers")?;
        let call = self.batched(&opts, "users", "[{ id: 1001, fields: { points: 10 } }]")?;
        let (channel, file_id, user_type) = (call.channel.clone(), call.file_id, call.user_type);
        let list = &call.list;
        // Shapes and IDs first (no request for a malformed call), then the schema check.
        let mut raw = Vec::with_capacity(list.capacity());
        for (i, item) in list.iter().enumerate() {
            let at = index_name("users", i);
            let Some(user) = entries(&item) else {
                return Err(Error::invalid_argument(cat(&[
                    &at,
                    " must be an object { id, fields }.",
                ])));
            };
            let get = |name: &str| user.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
            let id = parse_customer_id(user_type, raw_id(get("id")), &cat(&[&at, ".id"]))?;
            let fields = match get("fields").filter(|v| !v.is_undefined() && !v.is_null()) {
                None => Vec::new(),
                Some(v) => entries(&v)
                    .ok_or_else(|| {
                        Error::invalid_argument(cat(&[
                            &at,
                            ".fields must be an object { name: value }.",
                        ]))
                    })?
                    .into_iter()
                    .map(|(name, value)| (name, raw_value(&value)))
                    .collect(),
            };
            raw.push((id, fields));
        }
        if raw.is_empty() {
            return report(BatchCounts::default(), Vec::new(), Vec::new());
        }
        let schema = self
            .schema_for(&opts, &channel, file_id, call.pacing.signal.as_ref())
            .await?;
        let mut users = Vec::with_capacity(raw.len());
        for (i, (id, fields)) in raw.into_iter().enumerate() {
            let fields = check_fields(i, fields, schema.as_ref(), file_id)?;
            users.push(CustomerUser { id, fields });
        }
        let users = Rc::new(users);
        let total = users.len();
        self.batches(total, call.pacing, move |admin, start, end| {
            add_request(
                &admin.api,
                &channel,
                file_id,
                user_type,
                users.get(start..end).unwrap_or_default(),
                &admin.key,
            )
        })
        .await
    }

    pub(super) async fn delete_users(self: Rc<Self>, options: JsValue) -> Result<JsValue> {
        let opts = Opts::new(options, "deleteCustomerUsers")?;
        let call = self.batched(&opts, "userIds", "[1001, 1002]")?;
        let (channel, file_id, user_type) = (call.channel.clone(), call.file_id, call.user_type);
        let list = &call.list;
        let mut ids: Vec<CustomerId> = Vec::with_capacity(list.capacity());
        for (i, value) in list.iter().enumerate() {
            ids.push(parse_customer_id(
                user_type,
                raw_id(Some(value)),
                &index_name("userIds", i),
            )?);
        }
        let ids = Rc::new(ids);
        let total = ids.len();
        self.batches(total, call.pacing, move |admin, start, end| {
            delete_request(
                &admin.api,
                &channel,
                file_id,
                user_type,
                ids.get(start..end).unwrap_or_default(),
                &admin.key,
            )
        })
        .await
    }

    /// Sends `total` users in batches of `size` (`spec(admin, start, end)` describes one), at most
    /// `concurrency` at once, and resolves the `BatchReport`.
    pub(super) async fn batches(
        self: Rc<Self>,
        total: usize,
        pacing: Pacing,
        spec: impl Fn(&Admin, usize, usize) -> RequestSpec + 'static,
    ) -> Result<JsValue> {
        let Pacing {
            size,
            concurrency,
            signal,
            callback,
        } = pacing;
        let jobs = total.div_ceil(size);
        let progress = Rc::new(Progress::new(callback, total));
        let errors: Rc<RefCell<Vec<(usize, JsValue)>>> = Rc::new(RefCell::new(Vec::new()));
        let responses: Rc<RefCell<Vec<(usize, Value)>>> = Rc::new(RefCell::new(Vec::new()));
        let spec = Rc::new(spec);
        let job = {
            let (admin, progress, errors, responses, signal) = (
                self.clone(),
                progress.clone(),
                errors.clone(),
                responses.clone(),
                signal.clone(),
            );
            Rc::new(move |index: usize| -> Pin<Box<dyn Future<Output = ()>>> {
                let (admin, progress, errors, responses, signal, spec) = (
                    admin.clone(),
                    progress.clone(),
                    errors.clone(),
                    responses.clone(),
                    signal.clone(),
                    spec.clone(),
                );
                Box::pin(async move {
                    let start = index * size;
                    let end = (start + size).min(total);
                    let request = spec(&admin, start, end);
                    let outcome = match admin.request(&request, signal.as_ref()).await {
                        Ok(answer) => decode_batch(answer.status, &answer.text, &admin.key),
                        Err(err) => Err(err),
                    };
                    match outcome {
                        Ok(body) => {
                            responses.borrow_mut().push((index, body));
                            progress.advance(end - start, 0);
                        }
                        Err(err) => {
                            errors
                                .borrow_mut()
                                .push((index, batch_error(&err, index, start, end - start)));
                            progress.advance(end - start, end - start);
                        }
                    }
                })
            })
        };
        run_pool(jobs, concurrency, job).await;
        if aborted(signal.as_ref()) {
            return Err(admin_transport_error(Transport::Aborted, 0));
        }
        let failed = progress.failed.get();
        let counts = BatchCounts {
            requested: total,
            succeeded: total - failed,
            failed,
            batches: jobs,
        };
        let mut errors = errors.take();
        errors.sort_by_key(|(index, _)| *index);
        let mut responses = responses.take();
        responses.sort_by_key(|(index, _)| *index);
        report(
            counts,
            errors.into_iter().map(|(_, e)| e).collect(),
            responses.into_iter().map(|(_, r)| r).collect(),
        )
    }
}
