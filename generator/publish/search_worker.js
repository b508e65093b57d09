/*
 * factcheck's search worker: Material for MkDocs' search box, answered from Pagefind's index.
 *
 * Material runs its search in a Web Worker, and talks to it with four messages: SETUP
 * (the search settings), READY, QUERY (what the reader typed) and RESULT (the entries to
 * list). This worker speaks that protocol in place of Material's lunr worker, and answers
 * each query with Pagefind, whose own worker script is appended to this file by
 * generator/publish/search.py. Pagefind's script listens for messages of its own; they are
 * taken aside here (`pagefindListeners`), so that the two protocols never meet, and its
 * answers come back through `pagefind()`.
 *
 * The publish step writes two variables before this file. `factcheckSearchFiles` holds,
 * in base64, the files Pagefind reads before any query (its entry, its metadata and its
 * WebAssembly), so that they come with this script instead of one request after another.
 * `factcheckSearch` holds the settings:
 * - `transport`: "fetch" on a web server; "script" in the offline bundle, opened from
 *   file://, where browsers refuse fetch(). Each other file of the index is then a script
 *   (`<name>.js`) that adds its bytes to `factcheckSearchFiles`, and Pagefind's fetch()
 *   is answered from there. From file://, Material runs this worker in a hidden frame
 *   (the iframe-worker shim), where scripts load as <script> elements. "none" when no
 *   claim is published: there is no index, and nothing is found.
 * - `language`: the index to search; `limit`: how many claims a result lists, the
 *   `first` of them shown as soon as their pages are in;
 *   `claims`: the address of the list of every claim; `more`: the last entry's words
 *   when more claims match than are listed (`{count}` is their number).
 * - `parts`: the folders, in the index's, of its other parts (a large site's index is
 *   built in parts, as Pagefind ranks a word shared by many pages in a time that grows
 *   with the square of their number). Pagefind searches each part in turn, and merges
 *   the results by score (`mergeIndex`); their files are named from the index's folder.
 *
 * Everything printed comes from the index, which holds the text of our own pages:
 * it is escaped all the same, and only Pagefind's <mark> around matched words is kept.
 */
(function () {
  "use strict";

  var settings = self.factcheckSearch;
  var READY = 1, QUERY = 2, RESULT = 3;  /* Material's message types (SETUP is 0) */

  var scriptUrl = typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src
    : self.location.href;
  var base = new URL("pagefind/", scriptUrl).href;

  /* -- Pagefind's worker protocol, kept apart from Material's ------------------------- */

  var pagefindListeners = [];
  var pending = {};
  var nextId = 0;
  var addEventListener = self.addEventListener;
  var postMessage = self.postMessage;

  self.addEventListener = function (type, listener, options) {
    if (type === "message") {
      pagefindListeners.push(listener);
    } else {
      addEventListener.call(self, type, listener, options);
    }
  };

  self.postMessage = function (message) {
    var waiting = message && typeof message.id === "string" && pending[message.id];
    if (!waiting) {
      return postMessage.apply(self, arguments);
    }
    delete pending[message.id];
    if (message.error) {
      waiting.reject(new Error(message.error));
    } else {
      waiting.resolve(message.result);
    }
  };

  function pagefind(method, args) {
    return new Promise(function (resolve, reject) {
      var id = "factcheck-" + nextId++;
      pending[id] = { resolve: resolve, reject: reject };
      var event = { data: { id: id, instanceId: "factcheck", method: method, args: args } };
      pagefindListeners.forEach(function (listener) { listener(event); });
    });
  }

  /* -- the index's files: in this file, as scripts, or fetched ----------------------- */

  var files = self.factcheckSearchFiles = self.factcheckSearchFiles || {};
  var fetchFromNetwork = self.fetch;

  self.fetch = function (input) {
    var url = new URL(String(input), base);
    url.search = "";
    var name = url.href.slice(base.length);
    if (name in files) {
      return Promise.resolve(new Response(takeFile(name)));
    }
    if (settings.transport !== "script") {
      return fetchFromNetwork.call(self, input);
    }
    return loadScript(base + name + ".js").then(function () {
      if (!(name in files)) {
        throw new Error("search index file missing: " + name);
      }
      return new Response(takeFile(name));
    });
  };

  function takeFile(name) {
    var bytes = decodeBase64(files[name]);
    delete files[name];
    return bytes;
  }

  function loadScript(url) {
    if (typeof document === "undefined") {
      importScripts(url);
      return Promise.resolve();
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { script.remove(); resolve(); };
      script.onerror = function () { script.remove(); reject(new Error("cannot load " + url)); };
      document.body.appendChild(script);
    });
  }

  function decodeBase64(data) {
    var text = atob(data);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    return bytes;
  }

  /* -- answering Material's search box ------------------------------------------------ */

  var started = null;
  var latest = 0;

  function start() {
    if (!started) {
      started = pagefind("init", [options(base)]).then(function () {
        return settings.parts.length ? wasmInstantiated : null;
      }).then(function () {
        return Promise.all(settings.parts.map(function (part) {
          var folder = base + part + "/";
          return pagefind("mergeIndex", [folder, options(folder)]);
        }));
      });
    }
    return started;
  }

  /* Pagefind merges a part once the first part's WebAssembly is ready, which it checks
     every 50 ms: the parts are merged as soon as it is (Pagefind makes it with
     WebAssembly.instantiate, watched here), or after WASM_WAIT_MS should a later
     Pagefind make it otherwise. */
  var WASM_WAIT_MS = 200;
  var wasmInstantiated = new Promise(function (resolve) {
    if (typeof WebAssembly === "undefined") {  /* turned off (Lockdown Mode): no index */
      resolve();
      return;
    }
    var instantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = function () {
      var made = instantiate.apply(WebAssembly, arguments);
      /* a task later: Pagefind takes the instance a few promise steps after */
      made.then(function () { setTimeout(resolve, 0); }, resolve);
      return made;
    };
    setTimeout(resolve, WASM_WAIT_MS);
  });

  function options(basePath) {
    return {
      basePath: basePath,
      baseUrl: "/",
      language: settings.language,
      metaCacheTag: "in-worker",
      excerptLength: 30
    };
  }

  function answer(query) {
    var ticket = ++latest;
    var words = query.trim();
    if (!words || settings.transport === "none") {
      reply(ticket, []);
      return;
    }
    /* A reader's every keystroke is a query, and ranking a word most claims share takes
       a few hundred milliseconds: only a query still the latest once its index chunks are
       in is ranked, so that the word typed last does not wait behind its prefixes. */
    start()
      .then(function () { return pagefind("preload", [words, {}]); })
      .then(function () { return ticket === latest ? pagefind("search", [words, {}]) : null; })
      .then(function (found) {
        if (found === null) {
          return null;
        }
        if (ticket !== latest) {
          release(found.results);
          return null;
        }
        return show(found.results, words, ticket);
      })
      .catch(function (error) {
        console.error("search failed:", error);
        reply(ticket, []);
      });
  }

  /* The best `limit` results, and an entry counting the others. The first pages are shown
     as soon as they are in (a browser loads six files at once from an HTTP/1.1 host). */
  function show(results, words, ticket) {
    var listed = results.slice(0, settings.limit);
    var more = results.length > listed.length
      ? [[moreEntry(results.length - listed.length, results.length)]]
      : [];
    var terms = termsOf(words);
    var pages = listed.map(function (result) {
      return pagefind("getData", [result.data]);
    });
    var first = Promise.all(pages.slice(0, settings.first)).then(function (loaded) {
      if (loaded.length < listed.length) {
        reply(ticket, items(loaded, listed, terms).concat(more));
      }
    });
    return Promise.all([Promise.all(pages), first]).then(function (done) {
      reply(ticket, items(done[0], listed, terms).concat(more));
      release(results);
    });
  }

  function items(pages, listed, terms) {
    return pages.map(function (page, i) {
      return [entry(page, listed[i].score, terms)];
    });
  }

  function reply(ticket, items) {
    if (ticket === latest) {
      postMessage.call(self, { type: RESULT, data: { items: items } });
    }
  }

  function release(results) {
    results.forEach(function (result) {
      pagefind("releaseData", [result.data]);
    });
  }

  function termsOf(words) {
    var terms = {};
    words.toLowerCase().split(/\s+/).forEach(function (word) {
      if (word) {
        terms[word] = true;
      }
    });
    return terms;
  }

  function entry(page, score, terms) {
    var meta = page.meta || {};
    var item = {
      location: String(page.url || "").replace(/^\/+/, ""),
      title: escapeHtml(meta.title || ""),
      text: "<p>" + excerpt(page.excerpt || "") + "</p>",
      score: score,
      terms: terms
    };
    if (meta.verdict) {
      item.tags = [escapeHtml(meta.verdict)];
    }
    return item;
  }

  function moreEntry(count, total) {
    var number = new Intl.NumberFormat(settings.language).format(count);
    return {
      location: settings.claims,
      title: '<span data-fc-total="' + total + '">'
        + escapeHtml(settings.more.title.replace("{count}", number)) + "</span>",
      text: "<p>" + escapeHtml(settings.more.text) + "</p>",
      score: 0,
      terms: {}
    };
  }

  /* Pagefind's excerpt is the page's text with `<` and `>` written as entities and
     <mark> around the words that matched: everything but the marks is escaped again. */
  function excerpt(html) {
    return html.split(/(<\/?mark>)/).map(function (part) {
      if (part === "<mark>" || part === "</mark>") {
        return part;
      }
      return escapeHtml(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    }).join("");
  }

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  addEventListener.call(self, "message", function (event) {
    var message = event.data;
    if (!message || typeof message.type !== "number") {
      return;
    }
    if (message.type === QUERY) {
      answer(String(message.data || ""));
    }
  });

  /* Ready for queries at once, without waiting for Material's settings (SETUP), which
     this worker does not need: they are answered once the index is loaded. */
  postMessage.call(self, { type: READY });

  /* Pagefind's script follows this one in the file: start once it has run. */
  setTimeout(function () {
    if (settings.transport === "none") {
      return;
    }
    start().catch(function (error) {
      console.error("search index not loaded:", error);
    });
  }, 0);
})();
