// A broadcast server on websocketpp (Boost.Asio transport, one thread: the library's broadcast_server
// example shape) speaking the subset of Herald's protocol the benchmark uses.
//
// Per published message: the publish frame is scanned for "type", "channel" and the "data" value (a small
// JSON skipper, no DOM), one std::string is made for the message frame, and server.send(hdl, text, text
// opcode) is called for every subscriber: websocketpp copies the payload into a per-connection message,
// frames it and queues it on that connection (async_write). A subscriber whose buffered amount passes 1 MiB
// is closed with 4008, as Herald cuts a slow consumer. Every 20 s each connection gets a Ping; no Pong
// within 10 s closes it with 4000 (the library's pong-timeout handler).
//
// g++ -O2 -std=c++17 server.cpp -o wspp-server -pthread ; ./wspp-server <port>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <string>

using server = websocketpp::server<websocketpp::config::asio>;
using websocketpp::connection_hdl;
using Subscribers = std::set<connection_hdl, std::owner_less<connection_hdl>>;

namespace {

constexpr size_t SEND_BUFFER_LIMIT = 1 << 20;
constexpr long PING_INTERVAL_MS = 20000;
constexpr long PONG_TIMEOUT_MS = 10000;

// Index just past the JSON value starting at i (after blanks), or npos when malformed.
size_t skip_value(const std::string &s, size_t i) {
    while (i < s.size() && isspace(static_cast<unsigned char>(s[i]))) i++;
    if (i >= s.size()) return std::string::npos;
    if (s[i] == '"') {
        for (i++; i < s.size(); i++) {
            if (s[i] == '\\') i++;
            else if (s[i] == '"') return i + 1;
        }
        return std::string::npos;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < s.size(); i++) {
            char c = s[i];
            if (c == '"') {
                size_t end = skip_value(s, i);
                if (end == std::string::npos) return end;
                i = end - 1;
            } else if (c == '{' || c == '[') depth++;
            else if (c == '}' || c == ']') {
                if (--depth == 0) return i + 1;
            }
        }
        return std::string::npos;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isspace(static_cast<unsigned char>(s[i]))) i++;
    return i;
}

// The raw JSON value of a top-level member (its text, quotes included for strings); empty when absent.
std::string member(const std::string &s, const char *name) {
    std::string key = std::string("\"") + name + "\":";
    size_t at = s.find(key);
    if (at == std::string::npos) return "";
    size_t start = at + key.size();
    size_t end = skip_value(s, start);
    if (end == std::string::npos) return "";
    while (start < end && isspace(static_cast<unsigned char>(s[start]))) start++;
    return s.substr(start, end - start);
}

std::string id(long offset) {
    char buf[40];
    snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012ld", offset);
    return buf;
}

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

class Peer {
public:
    explicit Peer(uint16_t port) {
        s_.clear_access_channels(websocketpp::log::alevel::all);
        s_.clear_error_channels(websocketpp::log::elevel::all);
        s_.init_asio();
        s_.set_reuse_addr(true);
        s_.set_listen_backlog(4096);
        s_.set_pong_timeout(PONG_TIMEOUT_MS);
        // the library closes a connection whose opening handshake is not done within 5 s (its default); in the
        // storm (f) its one thread has 19,000 handshakes queued, and the last few hundred were closed before
        // their 101, so (f) had no websocketpp row. 30 s is longer than any server's handshake p99 there.
        s_.set_open_handshake_timeout(30000);
        s_.set_validate_handler([this](connection_hdl h) {
            return s_.get_con_from_hdl(h)->get_resource().rfind("/v1/ws", 0) == 0;
        });
        s_.set_open_handler([this](connection_hdl h) { all_.insert(h); });
        s_.set_close_handler([this](connection_hdl h) { forget(h); });
        s_.set_fail_handler([this](connection_hdl h) { forget(h); });
        s_.set_pong_timeout_handler([this](connection_hdl h, std::string) {
            fprintf(stderr, "event=cut cause=keepalive_timeout\n");
            websocketpp::lib::error_code ec;
            s_.close(h, 4000, "keepalive timeout", ec);
        });
        s_.set_message_handler([this](connection_hdl h, server::message_ptr m) { on_message(h, m); });
        s_.listen(websocketpp::lib::asio::ip::tcp::endpoint(
                      websocketpp::lib::asio::ip::address::from_string("127.0.0.1"), port));
        s_.start_accept();
        schedule_ping();
        printf("websocketpp peer listening on 127.0.0.1:%u\n", port);
        fflush(stdout);
    }

    void run() { s_.run(); }

private:
    void forget(connection_hdl h) {
        all_.erase(h);
        for (auto &entry : channels_) entry.second.erase(h);
    }

    void schedule_ping() {
        s_.set_timer(PING_INTERVAL_MS, [this](websocketpp::lib::error_code const &ec) {
            if (ec) return;
            for (auto &h : all_) {
                websocketpp::lib::error_code e;
                s_.ping(h, "", e);
            }
            schedule_ping();
        });
    }

    void reply(connection_hdl h, const std::string &text) {
        websocketpp::lib::error_code ec;
        s_.send(h, text, websocketpp::frame::opcode::text, ec);
    }

    void on_message(connection_hdl h, server::message_ptr m) {
        if (m->get_opcode() != websocketpp::frame::opcode::text) {
            websocketpp::lib::error_code ec;
            s_.close(h, 1003, "binary", ec);
            return;
        }
        const std::string &frame = m->get_payload();
        std::string type = member(frame, "type");
        std::string channel = member(frame, "channel");
        if (type == "\"subscribe\"" && channel.size() > 2) {
            channels_[channel].insert(h);
            reply(h, "{\"type\":\"subscribed\",\"channel\":" + channel + ",\"offset\":" +
                         std::to_string(offsets_[channel]) + ",\"epoch\":\"wspp\",\"recovered\":false}");
        } else if (type == "\"publish\"" && channel.size() > 2) {
            std::string data = member(frame, "data");
            if (data.empty()) {
                reply(h, "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"data is required\"}");
                return;
            }
            long offset = ++offsets_[channel];
            std::string text = "{\"type\":\"message\",\"channel\":" + channel + ",\"offset\":" +
                               std::to_string(offset) + ",\"id\":\"" + id(offset) + "\",\"ts\":" +
                               std::to_string(now_ms()) + ",\"data\":" + data + "}";
            auto found = channels_.find(channel);
            if (found != channels_.end()) {
                std::vector<connection_hdl> slow;
                for (auto &sub : found->second) {
                    websocketpp::lib::error_code ec;
                    server::connection_ptr con = s_.get_con_from_hdl(sub, ec);
                    if (ec) continue;
                    if (con->get_buffered_amount() > SEND_BUFFER_LIMIT) {
                        fprintf(stderr, "event=cut cause=send_buffer buffered=%zu\n", con->get_buffered_amount());
                        slow.push_back(sub);
                        continue;
                    }
                    con->send(text, websocketpp::frame::opcode::text);
                }
                for (auto &sub : slow) {
                    found->second.erase(sub);
                    websocketpp::lib::error_code ec;
                    s_.close(sub, 4008, "slow consumer", ec);
                }
            }
            reply(h, "{\"type\":\"published\",\"channel\":" + channel + ",\"offset\":" + std::to_string(offset) +
                         ",\"id\":\"" + id(offset) + "\"}");
        } else if (type == "\"ping\"") {
            reply(h, "{\"type\":\"pong\"}");
        } else {
            reply(h, "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"unknown frame\"}");
        }
    }

    server s_;
    Subscribers all_;
    std::map<std::string, Subscribers> channels_;
    std::map<std::string, long> offsets_;
};

}  // namespace

int main(int argc, char **argv) {
    uint16_t port = argc > 1 ? static_cast<uint16_t>(atoi(argv[1])) : 9002;
    Peer peer(port);
    peer.run();
}
