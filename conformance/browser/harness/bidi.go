package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// bidiClient speaks WebDriver BiDi (https://w3c.github.io/webdriver-bidi/)
// over one WebSocket: commands with ids, their results, and events, which
// go to a handler in arrival order.
type bidiClient struct {
	ws *wsConn

	mu      sync.Mutex
	next    int
	pending map[int]chan bidiMessage
	err     error // set when the reader stopped

	onEvent func(method string, params json.RawMessage)
	done    chan struct{}
}

// bidiMessage is any message from the remote end.
type bidiMessage struct {
	Type    string          `json:"type"` // "success", "error" or "event"
	ID      *int            `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// A bidiError is an error result of a command.
type bidiError struct {
	Command, Code, Message string
}

func (e *bidiError) Error() string {
	return fmt.Sprintf("BiDi %s: %s: %s", e.Command, e.Code, e.Message)
}

func newBiDiClient(ws *wsConn, onEvent func(string, json.RawMessage)) *bidiClient {
	c := &bidiClient{ws: ws, pending: make(map[int]chan bidiMessage), onEvent: onEvent, done: make(chan struct{})}
	go c.read()
	return c
}

func (c *bidiClient) read() {
	defer close(c.done)
	for {
		data, err := c.ws.ReadMessage()
		if err != nil {
			c.mu.Lock()
			c.err = fmt.Errorf("BiDi connection: %w", err)
			for id, ch := range c.pending {
				close(ch)
				delete(c.pending, id)
			}
			c.mu.Unlock()
			return
		}
		var m bidiMessage
		if err := json.Unmarshal(data, &m); err != nil {
			continue
		}
		if m.Type == "event" {
			if c.onEvent != nil {
				c.onEvent(m.Method, m.Params)
			}
			continue
		}
		if m.ID == nil {
			continue
		}
		c.mu.Lock()
		ch := c.pending[*m.ID]
		delete(c.pending, *m.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call sends a command and decodes its result into out (which may be nil).
func (c *bidiClient) call(ctx context.Context, method string, params any, out any) error {
	if params == nil {
		params = struct{}{}
	}
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return c.err
	}
	c.next++
	id := c.next
	ch := make(chan bidiMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()

	msg, err := json.Marshal(struct {
		ID     int    `json:"id"`
		Method string `json:"method"`
		Params any    `json:"params"`
	}{id, method, params})
	if err != nil {
		return err
	}
	if err := c.ws.WriteText(msg); err != nil {
		return fmt.Errorf("BiDi %s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			c.mu.Lock()
			err := c.err
			c.mu.Unlock()
			return err
		}
		if m.Type == "error" {
			return &bidiError{Command: method, Code: m.Error, Message: m.Message}
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		return fmt.Errorf("BiDi %s: %w", method, ctx.Err())
	}
}

// close ends the session's connection.
func (c *bidiClient) close() {
	c.ws.Close()
	select {
	case <-c.done:
	case <-time.After(2 * time.Second):
	}
}

// bidiRemoteValue is the part of a script.RemoteValue the harness reads:
// the fetch script always returns a string.
type bidiRemoteValue struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// bidiEvaluateResult is script.evaluate's result.
type bidiEvaluateResult struct {
	Type             string          `json:"type"` // "success" or "exception"
	Result           bidiRemoteValue `json:"result"`
	ExceptionDetails *struct {
		Text string `json:"text"`
	} `json:"exceptionDetails"`
}

// evaluateString runs an expression (awaiting a promise) in a browsing
// context and returns the string it yields.
func (c *bidiClient) evaluateString(ctx context.Context, browsingContext, expr string) (string, error) {
	var r bidiEvaluateResult
	err := c.call(ctx, "script.evaluate", map[string]any{
		"expression":   expr,
		"target":       map[string]any{"context": browsingContext},
		"awaitPromise": true,
	}, &r)
	if err != nil {
		return "", err
	}
	if r.Type == "exception" {
		text := "(no details)"
		if r.ExceptionDetails != nil {
			text = r.ExceptionDetails.Text
		}
		return "", fmt.Errorf("script threw: %s", text)
	}
	if r.Result.Type != "string" {
		return "", fmt.Errorf("script returned a %s, want a string", r.Result.Type)
	}
	var s string
	if err := json.Unmarshal(r.Result.Value, &s); err != nil {
		return "", err
	}
	return s, nil
}
